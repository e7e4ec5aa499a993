//! The `claimlens` binary: the window when run without a subcommand, headless subcommands
//! otherwise.

use std::process::ExitCode;

fn main() -> ExitCode {
    #[cfg(feature = "gui")]
    {
        claimlens::cli::main_with(|file| {
            claimlens::ui::run(file).map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
        })
    }
    #[cfg(not(feature = "gui"))]
    {
        claimlens::cli::main()
    }
}
