//! Wasm values on the command line: arguments parsed by parameter type and
//! results printed one per line.

use super::Failure;
use ferrowasm::{FuncType, Val, ValType};

/// Parse the textual `args` of function `name` according to its type.
pub fn parse_args(name: &str, ty: &FuncType, args: &[String]) -> Result<Vec<Val>, Failure> {
    let params = ty.params();
    if let Some((i, t)) = params.iter().enumerate().find(|(_, t)| t.is_ref()) {
        return Err(Failure::error(format!(
            "`{name}` takes a {t} as parameter {}: reference arguments cannot be given \
             on the command line",
            i + 1
        )));
    }
    if args.len() != params.len() {
        return Err(Failure::error(format!(
            "`{name}` takes {} ({}), but {} {} given",
            plural(params.len(), "argument"),
            type_list(params),
            args.len(),
            if args.len() == 1 { "was" } else { "were" },
        )));
    }
    args.iter()
        .zip(params)
        .enumerate()
        .map(|(i, (text, &t))| {
            parse_val(text, t).map_err(|why| {
                Failure::error(format!(
                    "argument {} of `{name}`: `{text}` is not a valid {t}: {why}",
                    i + 1
                ))
            })
        })
        .collect()
}

/// Parse one value of a numeric type; the error says why not.
pub fn parse_val(text: &str, ty: ValType) -> Result<Val, String> {
    match ty {
        ValType::I32 => parse_int(text, 32).map(|v| Val::I32(v as u32 as i32)),
        ValType::I64 => parse_int(text, 64).map(|v| Val::I64(v as u64 as i64)),
        ValType::F32 => text.parse::<f32>().map(Val::f32).map_err(|_| float_hint()),
        ValType::F64 => text.parse::<f64>().map(Val::f64).map_err(|_| float_hint()),
        ValType::V128 => parse_v128(text).map(Val::V128),
        ValType::FuncRef | ValType::ExternRef | ValType::ExnRef => {
            Err("reference arguments cannot be given on the command line".into())
        }
    }
}

/// A v128 as one 128-bit number: `0x` and up to 32 hex digits (byte 0 of
/// the vector is the lowest), or decimal.
fn parse_v128(text: &str) -> Result<u128, String> {
    let hint = || "expected a 128-bit number such as 0x00000004000000030000000200000001".into();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(h) if !h.is_empty() && h.len() <= 32 => {
            u128::from_str_radix(h, 16).map_err(|_| hint())
        }
        Some(_) => Err(hint()),
        None => text.parse::<u128>().map_err(|_| hint()),
    }
}

fn float_hint() -> String {
    "expected a decimal number such as 1.5, -2e-3, inf, -inf or nan".into()
}

/// A decimal or `0x` hex integer, optionally signed, that fits in `bits`
/// bits as a signed or an unsigned number (so `0xffffffff` is the i32 -1).
fn parse_int(text: &str, bits: u32) -> Result<i128, String> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = match rest.get(..2) {
        Some("0x" | "0X") => (16, &rest[2..]),
        _ => (10, rest),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err("expected a decimal or 0x-prefixed hex integer such as 42, -7 or 0xff".into());
    }
    let magnitude = u128::from_str_radix(digits, radix).map_err(|_| out_of_range(bits))?;
    let magnitude = i128::try_from(magnitude).map_err(|_| out_of_range(bits))?;
    let value = if negative { -magnitude } else { magnitude };
    let min = -(1i128 << (bits - 1));
    let max = (1i128 << bits) - 1;
    if value < min || value > max {
        return Err(out_of_range(bits));
    }
    Ok(value)
}

fn out_of_range(bits: u32) -> String {
    format!(
        "out of range (from -2^{} to 2^{}-1; values above the signed maximum wrap)",
        bits - 1,
        bits
    )
}

/// A result as printed: integers as signed decimal, floats with `{}`,
/// references as `ref.null`, `ref.func`, `ref.extern` or `ref.exn`.
pub fn format_val(v: &Val) -> String {
    match v {
        Val::I32(x) => x.to_string(),
        Val::I64(x) => x.to_string(),
        Val::F32(bits) => f32::from_bits(*bits).to_string(),
        Val::F64(bits) => f64::from_bits(*bits).to_string(),
        Val::V128(v) => format!("0x{v:032x}"),
        Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None) => "ref.null".into(),
        Val::FuncRef(Some(_)) => "ref.func".into(),
        Val::ExternRef(Some(_)) => "ref.extern".into(),
        Val::ExnRef(Some(_)) => "ref.exn".into(),
    }
}

/// `(i32, f64)`-style list of types, `no parameters` when empty.
pub fn type_list(types: &[ValType]) -> String {
    if types.is_empty() {
        return "no parameters".into();
    }
    types
        .iter()
        .map(ValType::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
