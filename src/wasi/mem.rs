//! Guest memory access for the WASI functions: every pointer and length a
//! guest passes is checked against the linear memory's current size before
//! any byte is touched, and an out-of-range one is `EFAULT`, never a host
//! fault. Values are little-endian and need no alignment.

use super::abi::{Errno, IOVEC_SIZE};

/// The calling instance's linear memory, borrowed for one WASI call.
pub struct GuestMem<'a> {
    bytes: &'a mut [u8],
}

/// One `iovec`/`ciovec` after checking: its range lies inside memory.
#[derive(Clone, Copy, Debug)]
pub struct IoVec {
    pub ptr: u32,
    pub len: u32,
}

impl<'a> GuestMem<'a> {
    pub fn new(bytes: &'a mut [u8]) -> Self {
        GuestMem { bytes }
    }

    /// The byte range `ptr..ptr+len` as host indices, if it lies in memory.
    fn range(&self, ptr: u32, len: u64) -> Result<std::ops::Range<usize>, Errno> {
        let start = ptr as u64;
        let end = start.checked_add(len).ok_or(Errno::FAULT)?;
        if end > self.bytes.len() as u64 {
            return Err(Errno::FAULT);
        }
        Ok(start as usize..end as usize)
    }

    pub fn slice(&self, ptr: u32, len: u32) -> Result<&[u8], Errno> {
        let r = self.range(ptr, len as u64)?;
        Ok(&self.bytes[r])
    }

    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> Result<&mut [u8], Errno> {
        let r = self.range(ptr, len as u64)?;
        Ok(&mut self.bytes[r])
    }

    /// Check that `ptr..ptr+len` is writable memory without writing it.
    pub fn check(&self, ptr: u32, len: u64) -> Result<(), Errno> {
        self.range(ptr, len).map(|_| ())
    }

    fn array<const N: usize>(&self, ptr: u32) -> Result<[u8; N], Errno> {
        let r = self.range(ptr, N as u64)?;
        let mut a = [0u8; N];
        a.copy_from_slice(&self.bytes[r]);
        Ok(a)
    }

    pub fn read_u8(&self, ptr: u32) -> Result<u8, Errno> {
        Ok(self.array::<1>(ptr)?[0])
    }
    pub fn read_u16(&self, ptr: u32) -> Result<u16, Errno> {
        self.array(ptr).map(u16::from_le_bytes)
    }
    pub fn read_u32(&self, ptr: u32) -> Result<u32, Errno> {
        self.array(ptr).map(u32::from_le_bytes)
    }
    pub fn read_u64(&self, ptr: u32) -> Result<u64, Errno> {
        self.array(ptr).map(u64::from_le_bytes)
    }

    pub fn write(&mut self, ptr: u32, data: &[u8]) -> Result<(), Errno> {
        let r = self.range(ptr, data.len() as u64)?;
        self.bytes[r].copy_from_slice(data);
        Ok(())
    }
    pub fn write_u32(&mut self, ptr: u32, v: u32) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }
    pub fn write_u64(&mut self, ptr: u32, v: u64) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }

    /// A guest string (path, name): `EFAULT` out of memory, `EILSEQ` if it
    /// is not UTF-8 (WASI strings are UTF-8).
    pub fn str(&self, ptr: u32, len: u32) -> Result<&str, Errno> {
        std::str::from_utf8(self.slice(ptr, len)?).map_err(|_| Errno::ILSEQ)
    }

    /// The `iovs_len` iovecs at `iovs`, each checked to lie in memory.
    /// At most `IOV_MAX` are used (a shorter transfer is allowed).
    pub fn iovecs(&self, iovs: u32, iovs_len: u32) -> Result<Vec<IoVec>, Errno> {
        self.check(iovs, iovs_len as u64 * IOVEC_SIZE as u64)?;
        let n = iovs_len.min(IOV_MAX);
        let mut v = Vec::with_capacity(n as usize);
        for i in 0..n {
            let at = iovs + i * IOVEC_SIZE;
            let ptr = self.read_u32(at)?;
            let len = self.read_u32(at + 4)?;
            self.check(ptr, len as u64)?;
            v.push(IoVec { ptr, len });
        }
        Ok(v)
    }

    /// Host iovecs for `readv`/`writev`-style calls over checked guest iovecs.
    /// The pointers stay valid while this `GuestMem` is borrowed; they may
    /// overlap (the guest's choice), which is why they are raw.
    pub fn host_iovecs(&mut self, iovs: &[IoVec]) -> Vec<libc::iovec> {
        let base = self.bytes.as_mut_ptr();
        iovs.iter()
            .map(|v| libc::iovec {
                // SAFETY: `iovecs` checked that ptr..ptr+len lies inside
                // `bytes`, so the offset stays inside the allocation.
                iov_base: unsafe { base.add(v.ptr as usize) } as *mut libc::c_void,
                iov_len: v.len as usize,
            })
            .collect()
    }

    /// Copy `data` into the iovecs in order; the number of bytes copied.
    pub fn scatter(&mut self, iovs: &[IoVec], mut data: &[u8]) -> usize {
        let mut done = 0;
        for v in iovs {
            if data.is_empty() {
                break;
            }
            let n = (v.len as usize).min(data.len());
            let r = v.ptr as usize..v.ptr as usize + n;
            self.bytes[r].copy_from_slice(&data[..n]);
            data = &data[n..];
            done += n;
        }
        done
    }

    /// The bytes of the iovecs, concatenated.
    pub fn gather(&self, iovs: &[IoVec]) -> Vec<u8> {
        let mut out = Vec::new();
        for v in iovs {
            let r = v.ptr as usize..v.ptr as usize + v.len as usize;
            out.extend_from_slice(&self.bytes[r]);
        }
        out
    }
}

/// Linux's limit on iovecs per call.
const IOV_MAX: u32 = 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        let mut buf = vec![0u8; 16];
        let mut m = GuestMem::new(&mut buf);
        assert_eq!(m.slice(16, 0).map(|s| s.len()), Ok(0));
        assert_eq!(m.slice(17, 0).err(), Some(Errno::FAULT));
        assert_eq!(m.slice(8, 9).err(), Some(Errno::FAULT));
        assert_eq!(m.slice(u32::MAX, u32::MAX).err(), Some(Errno::FAULT));
        assert_eq!(m.read_u64(9).err(), Some(Errno::FAULT));
        assert_eq!(m.write_u64(8, 7), Ok(()));
        assert_eq!(m.read_u64(8), Ok(7));
        assert_eq!(m.write_u32(13, 7).err(), Some(Errno::FAULT));
        // An iovec whose buffer lies outside memory.
        m.write_u32(0, 12).unwrap();
        m.write_u32(4, 5).unwrap();
        assert_eq!(m.iovecs(0, 1).err(), Some(Errno::FAULT));
        m.write_u32(4, 4).unwrap();
        assert_eq!(m.iovecs(0, 1).unwrap().len(), 1);
        // The iovec array itself outside memory, with a huge count.
        assert_eq!(m.iovecs(0, u32::MAX).err(), Some(Errno::FAULT));
        assert_eq!(m.str(0, 1), Ok("\u{c}"));
        m.write(0, &[0xff]).unwrap();
        assert_eq!(m.str(0, 1).err(), Some(Errno::ILSEQ));
    }
}
