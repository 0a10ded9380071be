//! The command line's grammar (clap, derive): the subcommands, the options
//! of `run`, the `ferrowasm FILE ...` shorthand for `run`, and the split of
//! the words after `run`'s FILE.
//!
//! After FILE, `run` hands every word to the program untouched when the
//! module is a WASI command started through `_start` (its argv). Otherwise
//! the words are the invoked function's arguments, which are numbers, so
//! ferrowasm's own options are still recognised among them
//! (`ferrowasm run fib.wat --invoke fib 20`); see [`split_late_options`].

use super::help;
use super::Failure;
use clap::builder::NonEmptyStringValueParser;
use clap::{Args, CommandFactory, Parser, Subcommand};
use ferrowasm::Tier;
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(
    name = "ferrowasm",
    version,
    about = "ferrowasm: a WebAssembly runtime (interpreter, Cranelift JIT, and `auto` tier-up)",
    after_help = help::MAIN,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// One value per process: boxing the large variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a module: a WASI program's `_start`, or an exported function
    /// (`--invoke`)
    #[command(after_help = help::RUN)]
    Run(RunArgs),
    /// Run .wast spec scripts and report each failing directive
    #[command(after_help = help::WAST)]
    Wast(WastArgs),
    /// Check that a module is well-formed and valid
    #[command(after_help = help::VALIDATE)]
    Validate(FileArg),
    /// Print a module's imports, exports, memories, tables and custom sections
    #[command(after_help = help::INSPECT)]
    Inspect(InspectArgs),
}

/// `inspect`'s options.
#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Also print the interpreter's code of every defined function (for
    /// debugging the engine)
    #[arg(long)]
    pub disassemble: bool,
    /// The module (.wasm binary or .wat text)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// The options of `run` (before FILE, and for a non-WASI-command module
/// also among the function's arguments after it).
#[derive(Args, Debug, Default, Clone)]
pub struct RunFlags {
    /// Call the exported function NAME with ARGS (default: `_start`);
    /// `-f`/`--function` are iwasm's spellings
    #[arg(long = "invoke", short = 'f', visible_alias = "function", value_name = "NAME",
          value_parser = NonEmptyStringValueParser::new())]
    pub invoke: Vec<String>,
    /// Tier: auto (the default: interpreted at once, hot functions compiled
    /// in the background), jit (compile everything first) or interp
    #[arg(long, value_name = "TIER", value_parser = parse_tier)]
    pub tier: Vec<Tier>,
    /// argv[0] of a WASI program (default: FILE as written)
    #[arg(long, value_name = "NAME")]
    pub argv0: Vec<String>,
    /// WASI: give the program the host directory HOST, named GUEST
    /// (default: HOST as written); repeatable
    #[arg(long = "dir", value_name = "HOST[::GUEST]", value_parser = parse_dir)]
    pub dirs: Vec<(PathBuf, String)>,
    /// WASI: set the program's environment variable KEY; repeatable
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = parse_env)]
    pub env: Vec<(String, String)>,
    /// WASI: give the program the whole host environment (--env overrides)
    #[arg(long)]
    pub inherit_env: bool,
    /// Stack budget of the call in bytes (default 8 MiB; iwasm's spelling)
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    pub stack_size: Vec<u32>,
    /// Add BYTES (in whole 64 KiB pages) to memory 0 as an app heap before
    /// the call, as iwasm does
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    pub heap_size: Vec<u32>,
    /// Give the call N units of fuel (one per instruction, counted in
    /// straight-line segments); the run traps with "all fuel consumed" when
    /// it runs out. The same module and input use the same fuel on every tier
    #[arg(long, value_name = "N", value_parser = parse_fuel)]
    pub fuel: Vec<u64>,
    /// Interrupt the wasm code after DUR of wall-clock time (e.g. 500ms,
    /// 10s, 2m, 1h; a bare number is seconds); the run then fails with
    /// "interrupted"
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub timeout: Vec<Duration>,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub flags: RunFlags,
    /// The module (.wasm binary or .wat text), then its ARGS
    #[arg(value_name = "FILE", trailing_var_arg = true, required = true, num_args = 1..)]
    pub module_and_args: Vec<OsString>,
}

#[derive(Args, Debug)]
pub struct WastArgs {
    /// Tier to run the scripts on
    #[arg(long, value_name = "TIER", value_parser = parse_tier, default_value = "auto")]
    pub tier: Tier,
    /// Print every file's counts, not only failures and the summary
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Validate as WebAssembly 2.0 does, without the multi-memory,
    /// extended-const and wide-arithmetic proposals (for the 2.0 spec
    /// scripts, which assert that a second memory is invalid)
    #[arg(long)]
    pub no_multi_memory: bool,
    /// The .wast scripts
    #[arg(value_name = "FILES", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct FileArg {
    /// The module (.wasm binary or .wat text)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `run`'s options once merged, with the module and its words.
#[derive(Debug)]
pub struct RunOptions {
    pub file: PathBuf,
    pub invoke: Option<String>,
    pub tier: Tier,
    pub argv0: Option<String>,
    /// The invoked function's arguments, still as text, or a WASI
    /// program's arguments after argv[0].
    pub args: Vec<String>,
    pub dirs: Vec<(PathBuf, String)>,
    pub env: Vec<(String, String)>,
    pub inherit_env: bool,
    pub stack_size: Option<usize>,
    pub heap_size: Option<u32>,
    pub fuel: Option<u64>,
    pub timeout: Option<Duration>,
}

/// The command line without the program name, with the shorthand
/// `ferrowasm FILE ...` turned into `ferrowasm run FILE ...`.
pub fn with_run_shorthand(mut args: Vec<OsString>) -> Vec<OsString> {
    const FIRST_WORDS: &[&str] = &[
        "run",
        "wast",
        "validate",
        "inspect",
        "help",
        "-h",
        "--help",
        "-V",
        "--version",
    ];
    let is_command = args
        .first()
        .and_then(|a| a.to_str())
        .is_some_and(|a| FIRST_WORDS.contains(&a));
    if !args.is_empty() && !is_command {
        args.insert(0, "run".into());
    }
    args.insert(0, "ferrowasm".into());
    args
}

/// A clap failure as one line: its first line, the names it lists on the
/// next lines, and the usage.
pub fn clap_failure(e: &clap::Error) -> Failure {
    let text = e.to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines
        .next()
        .unwrap_or("bad command line")
        .trim_start_matches("error: ");
    let mut message = first.to_string();
    let mut usage = None;
    for l in lines {
        if let Some(u) = l.strip_prefix("Usage: ") {
            usage = Some(u.to_string());
        } else if l.starts_with('<') || l.starts_with("--") {
            message.push(' ');
            message.push_str(l);
        }
    }
    if let Some(u) = usage {
        message.push_str(&format!(" (usage: {u}; try `--help`)"));
    }
    Failure::error(message)
}

/// What the words after FILE hold when they are a function's arguments:
/// ferrowasm options (merged into the flags) and the arguments.
#[allow(clippy::large_enum_variant)] // one value per command line
pub enum Late {
    Help,
    Parsed(RunFlags, Vec<OsString>),
}

/// Split the words after FILE into ferrowasm's options and the function's
/// arguments: `--name[=value]`, `-h` and `-f NAME` are options (a value
/// taken from the next word when the option takes one); every other word,
/// `-5` and `-inf` included, is an argument, and so is everything after `--`.
/// The options are then parsed by the same clap definition as before FILE.
pub fn split_late_options(words: &[OsString]) -> Result<Late, Failure> {
    let cmd = RunArgs::augment_args(clap::Command::new("run"));
    let takes_value = |long: &str| {
        cmd.get_arguments().any(|a| {
            let named = a.get_long() == Some(long)
                || a.get_all_aliases().is_some_and(|v| v.contains(&long));
            named && a.get_action().takes_values()
        })
    };
    let mut options: Vec<OsString> = vec!["ferrowasm run".into()];
    let mut args = Vec::new();
    let mut words = words.iter();
    while let Some(w) = words.next() {
        let text = w.to_str().unwrap_or("");
        match text {
            "--" => {
                args.extend(words.by_ref().cloned());
                break;
            }
            "-h" | "--help" => return Ok(Late::Help),
            "-f" => {
                options.push(w.clone());
                options.extend(words.next().cloned());
            }
            _ if text.starts_with("--") => {
                options.push(w.clone());
                if !text.contains('=') && takes_value(&text[2..]) {
                    options.extend(words.next().cloned());
                }
            }
            _ => args.push(w.clone()),
        }
    }
    #[derive(Parser)]
    #[command(
        name = "ferrowasm run",
        override_usage = "ferrowasm run [OPTIONS] FILE [ARGS]..."
    )]
    struct LateFlags {
        #[command(flatten)]
        flags: RunFlags,
    }
    let late = LateFlags::try_parse_from(options).map_err(|e| clap_failure(&e))?;
    Ok(Late::Parsed(late.flags, args))
}

impl RunFlags {
    /// These options followed by `later` (given after FILE).
    pub fn merge(mut self, later: RunFlags) -> RunFlags {
        self.invoke.extend(later.invoke);
        self.tier.extend(later.tier);
        self.argv0.extend(later.argv0);
        self.dirs.extend(later.dirs);
        self.env.extend(later.env);
        self.inherit_env |= later.inherit_env;
        self.stack_size.extend(later.stack_size);
        self.heap_size.extend(later.heap_size);
        self.fuel.extend(later.fuel);
        self.timeout.extend(later.timeout);
        self
    }

    /// The options for the run; an option given twice is an error.
    pub fn finish(self, file: PathBuf, args: Vec<OsString>) -> Result<RunOptions, Failure> {
        let args = args
            .into_iter()
            .map(|a| {
                a.into_string().map_err(|a| {
                    Failure::error(format!(
                        "argument `{}` is not valid UTF-8",
                        a.to_string_lossy()
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(RunOptions {
            file,
            invoke: once(self.invoke, "the function to call (--invoke, -f)")?,
            tier: once(self.tier, "`--tier`")?.unwrap_or_default(),
            argv0: once(self.argv0, "`--argv0`")?,
            args,
            dirs: self.dirs,
            env: self.env,
            inherit_env: self.inherit_env,
            stack_size: once(self.stack_size, "`--stack-size`")?.map(|s| s as usize),
            heap_size: once(self.heap_size, "`--heap-size`")?,
            fuel: once(self.fuel, "`--fuel`")?,
            timeout: once(self.timeout, "`--timeout`")?,
        })
    }
}

fn once<T>(mut values: Vec<T>, what: &str) -> Result<Option<T>, Failure> {
    if values.len() > 1 {
        return Err(Failure::error(format!("{what} is given more than once")));
    }
    Ok(values.pop())
}

/// The help of `run`, as `ferrowasm run --help` prints it.
pub fn run_help() -> String {
    let mut cmd = Cli::command();
    cmd.build();
    cmd.find_subcommand_mut("run")
        .map(|c| c.render_help().to_string())
        .unwrap_or_default()
}

fn parse_tier(s: &str) -> Result<Tier, String> {
    s.parse::<Tier>().map_err(|e| e.to_string())
}

/// A size in bytes (a u32, as iwasm takes it).
fn parse_size(s: &str) -> Result<u32, String> {
    s.parse::<u32>()
        .map_err(|_| format!("`{s}` is not a size in bytes"))
}

/// An amount of fuel: a whole number (u64).
fn parse_fuel(s: &str) -> Result<u64, String> {
    s.parse::<u64>()
        .map_err(|_| format!("`{s}` is not an amount of fuel (a whole number)"))
}

/// A duration: a number with an optional unit, `ms`, `s` (the default),
/// `m` or `h`; it must be above zero.
fn parse_duration(s: &str) -> Result<Duration, String> {
    let bad = || format!("`{s}` is not a timeout (a number with ms, s, m or h, e.g. 500ms or 10s)");
    let (number, scale) = [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)]
        .iter()
        .find_map(|&(unit, scale)| s.strip_suffix(unit).map(|n| (n, scale)))
        .unwrap_or((s, 1.0));
    let n: f64 = number.trim().parse().map_err(|_| bad())?;
    let secs = n * scale;
    if !secs.is_finite() || secs <= 0.0 || secs > u32::MAX as f64 {
        return Err(format!(
            "`{s}`: the timeout must be above zero and finite (at most {} s)",
            u32::MAX
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// `HOST_DIR[::GUEST_DIR]`; the guest sees HOST_DIR under its own name
/// when no GUEST_DIR is given.
fn parse_dir(value: &str) -> Result<(PathBuf, String), String> {
    let (host, guest) = value.split_once("::").unwrap_or((value, value));
    if host.is_empty() || guest.is_empty() {
        return Err(format!(
            "`{value}`: expected HOST_DIR or HOST_DIR::GUEST_DIR"
        ));
    }
    Ok((PathBuf::from(host), guest.to_string()))
}

/// `KEY=VALUE` with a non-empty KEY.
fn parse_env(value: &str) -> Result<(String, String), String> {
    match value.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("`{value}`: expected KEY=VALUE")),
    }
}
