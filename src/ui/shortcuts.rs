//! Keyboard shortcuts: key presses turned into [`Command`]s, from the one table of
//! [`Action::ALL`].
//!
//! While a text field has keyboard focus it owns the keyboard: no single-key shortcut (N, A,
//! R, Delete, digits) fires, only those marked for text fields (Ctrl+S, Ctrl+F …).

use egui::{Key, KeyboardShortcut, Modifiers};

use super::command::{Action, Command};

const DIGITS: [Key; 9] =
    [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];

/// The commands of this frame's shortcut keys (consumed from the input). `typing`: a text
/// field has (or had, last frame) keyboard focus. `modal`: a modal dialog is open, which only
/// Escape closes.
#[must_use]
pub fn commands(ctx: &egui::Context, typing: bool, modal: bool) -> Vec<Command> {
    let mut out = Vec::new();
    if modal {
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            out.push(Command::CloseModal);
        }
        return out;
    }
    // egui matches shortcuts "logically" (Ctrl+Z also matches Ctrl+Shift+Z), so the ones with
    // more modifiers must be tried first.
    let mut shortcuts: Vec<(&KeyboardShortcut, Action)> = Action::ALL
        .iter()
        .filter(|info| !typing || info.in_text_fields)
        .flat_map(|info| info.shortcuts.iter().map(move |sc| (sc, info.action)))
        .collect();
    shortcuts.sort_by_key(|(sc, _)| {
        let m = sc.modifiers;
        std::cmp::Reverse(u8::from(m.shift) + u8::from(m.alt) + u8::from(m.command || m.ctrl || m.mac_cmd))
    });
    for (sc, action) in shortcuts {
        if ctx.input_mut(|i| i.consume_shortcut(sc)) {
            out.push(Command::Action(action));
        }
    }
    // Digits 1–9 apply the codebook's codes with those shortcuts to the selected claim.
    if !typing {
        for (digit, key) in (1u8..).zip(DIGITS) {
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
                out.push(Command::ApplyCodeShortcut(digit));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(ctx: &egui::Context, key: Key, modifiers: Modifiers, typing: bool) -> Vec<Command> {
        let mut input = egui::RawInput::default();
        input.events.push(egui::Event::Key { key, physical_key: Some(key), pressed: true, repeat: false, modifiers });
        let mut out = Vec::new();
        let _ = ctx.run_ui(input, |ui| out = commands(ui.ctx(), typing, false));
        out
    }

    #[test]
    fn single_keys_fire_only_outside_text_fields() {
        let ctx = egui::Context::default();
        assert!(matches!(
            press(&ctx, Key::N, Modifiers::NONE, false).as_slice(),
            [Command::Action(Action::NextSuggestion)]
        ));
        assert!(press(&ctx, Key::N, Modifiers::NONE, true).is_empty(), "N typed into a field");
        assert!(press(&ctx, Key::Delete, Modifiers::NONE, true).is_empty(), "Delete in a field");
        assert!(matches!(press(&ctx, Key::Num2, Modifiers::NONE, false).as_slice(), [Command::ApplyCodeShortcut(2)]));
        assert!(press(&ctx, Key::Num2, Modifiers::NONE, true).is_empty(), "a digit typed into a field");
        assert!(matches!(press(&ctx, Key::S, Modifiers::COMMAND, true).as_slice(), [Command::Action(Action::Save)]));
    }

    #[test]
    fn the_shortcut_with_more_modifiers_wins() {
        let ctx = egui::Context::default();
        let shift_cmd = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        assert!(matches!(press(&ctx, Key::Z, shift_cmd, false).as_slice(), [Command::Action(Action::Redo)]));
        assert!(matches!(press(&ctx, Key::Z, Modifiers::COMMAND, false).as_slice(), [Command::Action(Action::Undo)]));
    }
}
