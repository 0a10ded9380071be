//! Parsing the command line by hand (no dependency): the top-level switches,
//! the `run` command and the `ferrowasm FILE ...` shorthand for it.

use super::Failure;
use ferrowasm::Tier;
use std::ffi::OsString;
use std::path::PathBuf;

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Help,
    Version,
    RunHelp,
    Run(RunOptions),
}

/// The options of `ferrowasm run`.
#[derive(Debug)]
pub struct RunOptions {
    pub file: PathBuf,
    /// `--invoke NAME`; `None` means `_start`.
    pub invoke: Option<String>,
    pub tier: Tier,
    /// The arguments: of the invoked function, still as text; or, for a
    /// WASI program's `_start`, the program's arguments after its name.
    pub args: Vec<String>,
    /// WASI: `--dir HOST[::GUEST]` preopened directories, in order.
    pub dirs: Vec<(PathBuf, String)>,
    /// WASI: `--env KEY=VALUE`, in order (later ones win).
    pub env: Vec<(String, String)>,
    /// WASI: `--inherit-env` gives the program the host's environment.
    pub inherit_env: bool,
    /// `--stack-size N` (iwasm's spelling): the stack budget of the call, in
    /// bytes.
    pub stack_size: Option<usize>,
    /// `--heap-size N` (iwasm's spelling): bytes added to memory 0 as an
    /// app heap before the call, as iwasm does.
    pub heap_size: Option<u32>,
}

/// Parse the command line without the program name.
pub fn parse(args: Vec<OsString>) -> Result<Command, Failure> {
    let mut args = args.into_iter();
    let Some(first) = args.next() else {
        return Err(Failure::error(
            "no module given\nusage: ferrowasm run FILE [--invoke NAME] [--tier TIER] [ARGS...]\n\
             try `ferrowasm --help` for more information",
        ));
    };
    match first.to_str() {
        Some("-h" | "--help") => Ok(Command::Help),
        Some("-V" | "--version") => Ok(Command::Version),
        Some("help") => match args.next() {
            None => Ok(Command::Help),
            Some(c) if c == "run" => Ok(Command::RunHelp),
            Some(c) => Err(Failure::error(format!(
                "no help for unknown command `{}`; the only command is `run`",
                c.to_string_lossy()
            ))),
        },
        Some("run") => parse_run(args),
        // The shorthand: everything is given to `run`, the first word included.
        _ => parse_run(std::iter::once(first).chain(args)),
    }
}

/// Parse the words after `run`. Options may come before or after FILE;
/// everything after `--` is positional. A word starting with a single `-`
/// (such as `-5` or `-inf`) is positional, so negative numbers need no `--`.
fn parse_run(words: impl Iterator<Item = OsString>) -> Result<Command, Failure> {
    let mut words = words;
    let mut positional: Vec<OsString> = Vec::new();
    let mut invoke: Option<String> = None;
    let mut tier: Option<Tier> = None;
    let mut dirs = Vec::new();
    let mut env = Vec::new();
    let mut inherit_env = false;
    let mut stack_size = None;
    let mut heap_size = None;
    let mut options_done = false;
    while let Some(word) = words.next() {
        let text = word.to_str();
        if options_done || !text.is_some_and(|t| t.starts_with('-')) {
            positional.push(word);
            continue;
        }
        let text = text.unwrap_or_default();
        let (name, inline) = match text.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (text, None),
        };
        match name {
            "--" => options_done = true,
            "-h" | "--help" => return Ok(Command::RunHelp),
            // `-f NAME` / `--function NAME`: iwasm's spelling of --invoke.
            "--invoke" | "-f" | "--function" => {
                let v = option_value(name, inline, &mut words)?;
                if invoke.replace(v).is_some() {
                    return Err(Failure::error(
                        "the function to call is given more than once (--invoke, -f)",
                    ));
                }
            }
            "--stack-size" => {
                let v = option_value(name, inline, &mut words)?;
                stack_size = Some(parse_size(name, &v)? as usize);
            }
            "--heap-size" => {
                let v = option_value(name, inline, &mut words)?;
                heap_size = Some(parse_size(name, &v)?);
            }
            "--tier" => {
                let v = option_value(name, inline, &mut words)?;
                let t = v
                    .parse::<Tier>()
                    .map_err(|e| Failure::error(format!("--tier: {e}")))?;
                if tier.replace(t).is_some() {
                    return Err(Failure::error("`--tier` given more than once"));
                }
            }
            "--dir" => dirs.push(parse_dir(&option_value(name, inline, &mut words)?)?),
            "--env" => env.push(parse_env(&option_value(name, inline, &mut words)?)?),
            "--inherit-env" => {
                if inline.is_some() {
                    return Err(Failure::error("`--inherit-env` takes no value"));
                }
                inherit_env = true;
            }
            _ if name.starts_with("--") => {
                return Err(Failure::error(format!(
                    "unknown option `{name}` (try `ferrowasm run --help`; \
                     put `--` before function arguments that start with `--`)"
                )));
            }
            _ => positional.push(word),
        }
    }
    let mut positional = positional.into_iter();
    let Some(file) = positional.next() else {
        return Err(Failure::error(
            "no module given\nusage: ferrowasm run FILE [--invoke NAME] [--tier TIER] [ARGS...]",
        ));
    };
    let args = positional
        .map(|a| {
            a.into_string().map_err(|a| {
                Failure::error(format!(
                    "argument `{}` is not valid UTF-8",
                    a.to_string_lossy()
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Command::Run(RunOptions {
        file: PathBuf::from(file),
        invoke,
        tier: tier.unwrap_or_default(),
        args,
        dirs,
        env,
        inherit_env,
        stack_size,
        heap_size,
    }))
}

/// A size in bytes (a u32, as iwasm takes it).
fn parse_size(name: &str, value: &str) -> Result<u32, Failure> {
    value
        .parse::<u32>()
        .map_err(|_| Failure::error(format!("`{name}`: `{value}` is not a size in bytes")))
}

/// `HOST_DIR[::GUEST_DIR]`; the guest sees HOST_DIR under its own name
/// when no GUEST_DIR is given.
fn parse_dir(value: &str) -> Result<(PathBuf, String), Failure> {
    let (host, guest) = match value.split_once("::") {
        Some((h, g)) => (h, g),
        None => (value, value),
    };
    if host.is_empty() || guest.is_empty() {
        return Err(Failure::error(format!(
            "--dir `{value}`: expected HOST_DIR or HOST_DIR::GUEST_DIR"
        )));
    }
    Ok((PathBuf::from(host), guest.to_string()))
}

/// `KEY=VALUE` with a non-empty KEY.
fn parse_env(value: &str) -> Result<(String, String), Failure> {
    match value.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(Failure::error(format!(
            "--env `{value}`: expected KEY=VALUE"
        ))),
    }
}

/// The value of an option, given as `--name=value` or as the next word.
fn option_value(
    name: &str,
    inline: Option<String>,
    words: &mut impl Iterator<Item = OsString>,
) -> Result<String, Failure> {
    let missing = || Failure::error(format!("`{name}` needs a value"));
    let value = match inline {
        Some(v) => v,
        None => words
            .next()
            .ok_or_else(missing)?
            .into_string()
            .map_err(|_| Failure::error(format!("the value of `{name}` is not valid UTF-8")))?,
    };
    if value.is_empty() {
        return Err(missing());
    }
    Ok(value)
}
