//! The `claimlens` binary: the window when run without a subcommand, headless subcommands
//! otherwise.

use std::process::ExitCode;

fn main() -> ExitCode {
    #[cfg(feature = "gui")]
    {
        claimlens::cli::main_with(Some(claimlens::cli::GuiEntryPoints {
            window: |file, coder, blind| {
                claimlens::ui::run(file, coder, blind).map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
            },
            bench_ui: |file, frames, claims, out| {
                claimlens::ui::bench::bench_ui(file, frames, claims, out).map_err(anyhow::Error::msg)
            },
        }))
    }
    #[cfg(not(feature = "gui"))]
    {
        claimlens::cli::main()
    }
}
