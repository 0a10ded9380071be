# The tag that wasi-libc's setjmp runtime (rt.c) throws; zig's libc does not
# define it (wasi-sdk's libsetjmp does). One i32: the address of longjmp's arguments.
.globl __c_longjmp
.tagtype __c_longjmp i32
__c_longjmp:
