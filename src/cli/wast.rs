//! `ferrowasm wast`: run .wast scripts on a tier through the library's
//! script runner (the one tests/spec.rs runs), one line per failing
//! directive and a closing `N passed, N failed`.

use super::args::WastArgs;
use super::{Failure, EXIT_ERROR};
use ferrowasm::spec_runner;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Run every file; `Ok` holds the exit status (1 when a directive failed).
pub fn wast(a: &WastArgs, out: &mut impl Write) -> Result<u8, Failure> {
    let engine = spec_runner::engine(a.tier, !a.no_multi_memory);
    let mut progress = Progress::new(a.files.len() as u64);
    let (mut passed, mut failed) = (0usize, 0usize);
    for path in &a.files {
        let name = path.display().to_string();
        progress.tick(&name);
        let result = match std::fs::read_to_string(path) {
            Ok(text) => spec_runner::run_file(&engine, &name, &text),
            Err(e) => spec_runner::FileResult {
                passed: 0,
                failed: vec![spec_runner::Failure {
                    id: format!("{name}:0"),
                    message: format!("cannot read the file: {e}"),
                }],
            },
        };
        passed += result.passed;
        failed += result.failed.len();
        let mut lines = String::new();
        for f in &result.failed {
            // One line per failure, whatever the message holds.
            let message = f.message.split_whitespace().collect::<Vec<_>>().join(" ");
            lines.push_str(&format!("{}: {message}\n", f.id));
        }
        if a.verbose {
            lines.push_str(&format!(
                "{name}: {} passed, {} failed\n",
                result.passed,
                result.failed.len()
            ));
        }
        progress.print(out, &lines)?;
        progress.done();
    }
    progress.finish();
    progress.print(out, &format!("{passed} passed, {failed} failed\n"))?;
    Ok(if failed == 0 { 0 } else { EXIT_ERROR })
}

/// A progress bar on stderr, drawn only when stderr is a terminal and the
/// run has taken more than a second.
struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: bool,
}

impl Progress {
    fn new(files: u64) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(files), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{pos}/{len} {wide_bar} {msg}") {
            bar.set_style(style);
        }
        Progress {
            bar,
            started: Instant::now(),
            shown: false,
        }
    }

    /// The next file starts.
    fn tick(&mut self, name: &str) {
        if !self.shown
            && self.started.elapsed() > Duration::from_secs(1)
            && std::io::stderr().is_terminal()
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        self.bar.set_message(name.to_string());
    }

    /// Write `text` to `out` with the bar out of the way.
    fn print(&self, out: &mut impl Write, text: &str) -> Result<(), Failure> {
        self.bar
            .suspend(|| out.write_all(text.as_bytes()).and_then(|()| out.flush()))
            .map_err(|e| Failure::error(format!("cannot write to stdout: {e}")))
    }

    /// A file is done.
    fn done(&self) {
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
