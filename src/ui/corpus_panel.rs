//! The corpus panel, left of the article: the **Documents** list (title, source and date,
//! words, entities, claims, the progress state the user sets; filter and sort; click to open),
//! **Search** across the corpus (hits by document with context; click to jump), and the
//! corpus **Claims** table (filter and sort; click to open the claim in its document), the
//! corpus **Entities** and the code × document **Matrix**, and the **Overview** charts over
//! every claim (a bar lists the claims it counts in the Claims table).
//!
//! It draws a [`CorpusState`] and pushes [`Command`]s. Every list is virtualised
//! (`ScrollArea::show_rows`) over rows the state computed when they changed, so a frame costs
//! the same with ten documents or a thousand.

use super::words::count;
use egui::{RichText, Ui};

use super::command::{Action, Command};
use super::corpus::{CorpusCommand, CorpusState, CorpusTab, DocSort, SearchRow};
use super::session::Session;
use crate::corpus::Progress;
use crate::corpus::claims::{ClaimColumn, ClaimQuery};
use crate::project::overview::BarFilter;
use crate::project::{ClaimKind, ClaimStatus, Verdict};

fn cmd(c: CorpusCommand) -> Command {
    Command::Corpus(c)
}

/// The corpus panel.
pub fn corpus_panel_ui(ui: &mut Ui, c: &CorpusState, session: Option<&Session>, q: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.heading(c.name());
        ui.label(RichText::new(count(c.dir.manifest.documents.len(), "document", "documents")).weak());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let add = ui.add_enabled(!c.adding, egui::Button::new("Add documents…"));
            if add.on_hover_text(Action::AddDocuments.info().tooltip).clicked() {
                q.push(Command::Action(Action::AddDocuments));
            }
        });
    });
    ui.horizontal_wrapped(|ui| {
        for (tab, name) in [
            (CorpusTab::Documents, "Documents"),
            (CorpusTab::Search, "Search"),
            (CorpusTab::Claims, "Claims"),
            (CorpusTab::Entities, "Entities"),
            (CorpusTab::Matrix, "Matrix"),
            (CorpusTab::Overview, "Overview"),
        ] {
            let r = super::frame::tab_button(ui, c.tab == tab, name);
            if tab == CorpusTab::Overview {
                // Not the article's own Overview tab, for a screen reader.
                super::frame::plain_name(&r, "Corpus overview");
            }
            if r.clicked() && c.tab != tab {
                q.push(cmd(CorpusCommand::SetTab(tab)));
            }
        }
    });
    ui.separator();
    match c.tab {
        CorpusTab::Documents => documents_ui(ui, c, session, q),
        CorpusTab::Search => search_ui(ui, c, q),
        CorpusTab::Claims => claims_ui(ui, c, q),
        CorpusTab::Entities => entities_ui(ui, c, q),
        CorpusTab::Matrix => matrix_ui(ui, c, q),
        CorpusTab::Overview => overview_ui(ui, c, q),
    }
}

fn documents_ui(ui: &mut Ui, c: &CorpusState, session: Option<&Session>, q: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let label = ui.label("Filter:");
        let mut filter = c.filter.clone();
        let r = ui.add(egui::TextEdit::singleline(&mut filter).hint_text("title, source, date").desired_width(120.0));
        let r = r.labelled_by(label.id);
        if r.changed() {
            q.push(cmd(CorpusCommand::SetFilter(filter)));
        }
        let mut state = c.state_filter;
        egui::ComboBox::from_id_salt("corpus_state_filter")
            .selected_text(state.map_or("any state", Progress::name))
            .width(90.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state, None, "any state");
                for p in Progress::ALL {
                    ui.selectable_value(&mut state, Some(p), p.name());
                }
            })
            .response
            .on_hover_text("Show only documents in this state");
        if state != c.state_filter {
            q.push(cmd(CorpusCommand::SetStateFilter(state)));
        }
        let mut sort = c.sort;
        egui::ComboBox::from_id_salt("corpus_sort")
            .selected_text(format!("by {}", sort.name()))
            .width(100.0)
            .show_ui(ui, |ui| {
                for s in DocSort::ALL {
                    ui.selectable_value(&mut sort, s, format!("by {}", s.name()));
                }
            })
            .response
            .on_hover_text("Order of the list");
        if sort != c.sort {
            q.push(cmd(CorpusCommand::SetSort(sort)));
        }
    });
    let docs = &c.dir.manifest.documents;
    if docs.is_empty() {
        ui.add_space(12.0);
        ui.label(RichText::new("No documents yet.").strong());
        ui.label("Add articles or a folder of them with “Add documents…” (File ▸ Add documents…).");
        return;
    }
    let rows = c.rows();
    if rows.is_empty() {
        ui.label(RichText::new("No document matches the filter.").weak());
        return;
    }
    let body = ui.text_style_height(&egui::TextStyle::Body);
    let small = ui.text_style_height(&egui::TextStyle::Small);
    let row_h = body + small + 3.0 * ui.spacing().item_spacing.y + 6.0;
    egui::ScrollArea::vertical().id_salt("corpus_documents").auto_shrink(false).show_rows(
        ui,
        row_h,
        rows.len(),
        |ui, range| {
            for &i in &rows[range] {
                let d = &docs[i];
                let current = c.current == Some(d.id);
                let loading = c.loading() == Some(d.id);
                let dirty = if current {
                    session.is_some_and(Session::is_dirty)
                } else {
                    c.parked(d.id).is_some_and(Session::is_dirty)
                };
                ui.allocate_ui(egui::vec2(ui.available_width(), row_h), |ui| {
                    ui.set_height(row_h);
                    ui.set_width(ui.available_width());
                    let title =
                        format!("{}{}{}", if dirty { "* " } else { "" }, d.title, if loading { " …" } else { "" });
                    let text = if current { RichText::new(title).strong() } else { RichText::new(title) };
                    let r = ui.add(egui::Button::selectable(current, text).truncate());
                    if r.clicked() {
                        q.push(cmd(CorpusCommand::Show(d.id)));
                    }
                    r.context_menu(|ui| document_menu_ui(ui, d.id, &d.title, q));
                    ui.horizontal(|ui| {
                        let next =
                            Progress::ALL[(Progress::ALL.iter().position(|p| *p == d.state).unwrap_or(0) + 1) % 3];
                        let state = egui::Button::new(RichText::new(d.state.name()).small()).small();
                        if ui
                            .add(state)
                            .on_hover_text(format!("Progress (set by you): click to mark {}", next.name()))
                            .clicked()
                        {
                            q.push(cmd(CorpusCommand::SetState(d.id, next)));
                        }
                        let mut meta: Vec<String> = Vec::new();
                        if let Some(s) = d.publisher.as_ref().or(d.source.as_ref()) {
                            meta.push(s.rsplit('/').next().unwrap_or(s).to_owned());
                        }
                        if let Some(date) = &d.date {
                            meta.push(date.clone());
                        }
                        let s = &d.summary;
                        meta.push(format!(
                            "{} · {} · {}",
                            count(s.words, "word", "words"),
                            count(s.entities, "entity", "entities"),
                            count(s.claims, "claim", "claims")
                        ));
                        ui.add(egui::Label::new(RichText::new(meta.join(" · ")).small().weak()).truncate());
                    });
                });
            }
        },
    );
}

/// Right-click menu of a document: rename, remove.
fn document_menu_ui(ui: &mut Ui, id: crate::corpus::DocumentId, title: &str, q: &mut Vec<Command>) {
    let key = egui::Id::unique(("corpus_rename", id.0));
    let mut name: String = ui.data_mut(|d| d.get_temp(key)).unwrap_or_else(|| title.to_owned());
    ui.horizontal(|ui| {
        let label = ui.label("Title:");
        let r = ui.add(egui::TextEdit::singleline(&mut name).desired_width(200.0)).labelled_by(label.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button("Rename").clicked() || enter {
            q.push(cmd(CorpusCommand::Rename(id, name.clone())));
            ui.data_mut(|d| d.remove::<String>(key));
            ui.close();
        } else {
            ui.data_mut(|d| d.insert_temp(key, name.clone()));
        }
    });
    ui.separator();
    if ui.button("Remove from corpus").on_hover_text("Its files stay in the folder, unlisted").clicked() {
        q.push(cmd(CorpusCommand::Remove(id)));
        ui.close();
    }
}

fn search_ui(ui: &mut Ui, c: &CorpusState, q: &mut Vec<Command>) {
    let s = &c.search;
    ui.horizontal(|ui| {
        let label = ui.label("Search:");
        let mut query = s.query.clone();
        let r = ui.add(egui::TextEdit::singleline(&mut query).hint_text("text in every document").desired_width(180.0));
        let r = r.labelled_by(label.id);
        if r.changed() {
            q.push(cmd(CorpusCommand::SetSearchQuery(query)));
        }
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button("Find").on_hover_text("Search every document of the corpus (Enter)").clicked() || enter {
            q.push(cmd(CorpusCommand::Search));
            if enter {
                r.request_focus();
            }
        }
    });
    let status = if c.is_loading_all() {
        "Reading the corpus…".to_owned()
    } else if s.running {
        "Searching…".to_owned()
    } else if s.searched.is_empty() {
        String::new()
    } else if s.total_hits == 0 {
        format!("No match for “{}”", s.searched)
    } else {
        format!(
            "{} in {} ({:.0} ms)",
            count(s.total_hits, "hit", "hits"),
            count(s.documents, "document", "documents"),
            s.elapsed_ms
        )
    };
    ui.label(RichText::new(status).weak());
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y + 2.0;
    egui::ScrollArea::vertical().id_salt("corpus_search").auto_shrink(false).show_rows(
        ui,
        row_h,
        s.rows.len(),
        |ui, range| {
            for row in &s.rows[range] {
                match row {
                    SearchRow::Document { id, text } => {
                        let r = ui
                            .add(egui::Label::new(RichText::new(text).strong()).truncate().sense(egui::Sense::click()));
                        if r.on_hover_text("Open this document").clicked() {
                            q.push(cmd(CorpusCommand::Show(*id)));
                        }
                    }
                    SearchRow::Hit { id, span, before, text, after } => {
                        let mut job = egui::text::LayoutJob::default();
                        let font = egui::TextStyle::Body.resolve(ui.style());
                        let plain = egui::TextFormat {
                            font_id: font.clone(),
                            color: ui.visuals().text_color(),
                            ..Default::default()
                        };
                        let hit = egui::TextFormat {
                            font_id: font,
                            color: ui.visuals().strong_text_color(),
                            background: ui.visuals().selection.bg_fill.gamma_multiply(0.5),
                            ..Default::default()
                        };
                        job.append(&format!("  …{before}"), 0.0, plain.clone());
                        job.append(text, 0.0, hit);
                        job.append(&format!("{after}…"), 0.0, plain);
                        job.wrap.max_rows = 1;
                        job.wrap.break_anywhere = true;
                        let r = ui.add(egui::Button::selectable(false, job).truncate());
                        if r.on_hover_text("Open the document at this match").clicked() {
                            q.push(cmd(CorpusCommand::ShowAt { document: *id, span: *span }));
                        }
                    }
                }
            }
        },
    );
}

fn claims_ui(ui: &mut Ui, c: &CorpusState, q: &mut Vec<Command>) {
    if !c.is_loaded() {
        ui.label(RichText::new("Reading the corpus…").weak());
        return;
    }
    let mut query = c.claim_query.clone();
    let mut sort = c.claim_sort;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Find claims:");
        ui.add(egui::TextEdit::singleline(&mut query.text).hint_text("quote, claimant, note").desired_width(120.0))
            .labelled_by(label.id);
        let codes = c.codes();
        egui::ComboBox::from_id_salt("corpus_claims_code")
            .selected_text(query.code.clone().unwrap_or_else(|| "any code".into()))
            .width(90.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut query.code, None, "any code");
                for code in codes {
                    ui.selectable_value(&mut query.code, Some(code.to_owned()), code);
                }
            })
            .response
            .on_hover_text("Claims with a tag at or under this code");
        egui::ComboBox::from_id_salt("corpus_claims_kind")
            .selected_text(query.kind.map_or("any type", ClaimKind::name))
            .width(90.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut query.kind, None, "any type");
                for k in ClaimKind::ALL {
                    ui.selectable_value(&mut query.kind, Some(*k), k.name());
                }
            })
            .response
            .on_hover_text("Claims of this type");
        egui::ComboBox::from_id_salt("corpus_claims_status")
            .selected_text(query.status.map_or("any status", ClaimStatus::name))
            .width(90.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut query.status, None, "any status");
                for s in ClaimStatus::ALL {
                    ui.selectable_value(&mut query.status, Some(*s), s.name());
                }
            })
            .response
            .on_hover_text("Claims with this status");
        egui::ComboBox::from_id_salt("corpus_claims_verdict")
            .selected_text(match query.verdict {
                None => "any verdict",
                Some(None) => "no verdict",
                Some(Some(v)) => v.name(),
            })
            .width(90.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut query.verdict, None, "any verdict");
                ui.selectable_value(&mut query.verdict, Some(None), "no verdict");
                for v in Verdict::ALL {
                    ui.selectable_value(&mut query.verdict, Some(Some(*v)), v.name());
                }
            })
            .response
            .on_hover_text("Claims with this verdict");
        let label = ui.label("Claimant:");
        let mut claimant = query.claimant.clone().unwrap_or_default();
        if ui.add(egui::TextEdit::singleline(&mut claimant).desired_width(90.0)).labelled_by(label.id).changed() {
            query.claimant = (!claimant.trim().is_empty()).then_some(claimant);
        }
        let mut this_doc = query.document.is_some();
        if ui.checkbox(&mut this_doc, "This document only").changed() {
            query.document = if this_doc { c.current } else { None };
        }
        egui::ComboBox::from_id_salt("corpus_claims_sort")
            .selected_text(format!("by {}", column_name(sort.column)))
            .width(90.0)
            .show_ui(ui, |ui| {
                for col in [
                    ClaimColumn::Document,
                    ClaimColumn::Quote,
                    ClaimColumn::Claimant,
                    ClaimColumn::Kind,
                    ClaimColumn::Status,
                    ClaimColumn::Verdict,
                    ClaimColumn::Code,
                    ClaimColumn::Modified,
                ] {
                    ui.selectable_value(&mut sort.column, col, format!("by {}", column_name(col)));
                }
            })
            .response
            .on_hover_text("Order of the table");
        ui.checkbox(&mut sort.descending, "Descending");
    });
    if query != c.claim_query {
        q.push(cmd(CorpusCommand::SetClaimQuery(query)));
    }
    if sort != c.claim_sort {
        q.push(cmd(CorpusCommand::SetClaimSort(sort)));
    }
    let rows = c.claim_rows();
    ui.label(RichText::new(count(rows.len(), "claim", "claims")).weak());
    let body = ui.text_style_height(&egui::TextStyle::Body);
    let small = ui.text_style_height(&egui::TextStyle::Small);
    let row_h = body + small + 3.0 * ui.spacing().item_spacing.y + 6.0;
    egui::ScrollArea::vertical().id_salt("corpus_claims").auto_shrink(false).show_rows(
        ui,
        row_h,
        rows.len(),
        |ui, range| {
            for r in &rows[range] {
                ui.allocate_ui(egui::vec2(ui.available_width(), row_h), |ui| {
                    ui.set_height(row_h);
                    ui.set_width(ui.available_width());
                    let b = ui.add(egui::Button::selectable(false, format!("“{}”", r.quote)).truncate());
                    if b.on_hover_text("Open this claim in its document").clicked() {
                        q.push(cmd(CorpusCommand::ShowClaim { document: r.document, claim: r.claim }));
                    }
                    let mut meta = vec![r.title.clone()];
                    if !r.claimant.is_empty() {
                        meta.push(format!("by {}", r.claimant));
                    }
                    meta.push(format!("{} · {}", r.kind, r.status));
                    if !r.verdict.is_empty() {
                        meta.push(r.verdict.to_owned());
                    }
                    if !r.codes.is_empty() {
                        meta.push(r.codes.clone());
                    }
                    ui.add(egui::Label::new(RichText::new(meta.join(" · ")).small().weak()).truncate());
                });
            }
        },
    );
}

const fn column_name(c: ClaimColumn) -> &'static str {
    match c {
        ClaimColumn::Document => "document",
        ClaimColumn::Quote => "quote",
        ClaimColumn::Claimant => "claimant",
        ClaimColumn::Kind => "type",
        ClaimColumn::Status => "status",
        ClaimColumn::Verdict => "verdict",
        ClaimColumn::Code => "code",
        ClaimColumn::Modified => "last changed",
    }
}

/// Corpus entities: most mentioned first; click one to list its documents, click a document
/// to open it at the entity's first mention there, its mentions outlined.
fn entities_ui(ui: &mut Ui, c: &CorpusState, q: &mut Vec<Command>) {
    let Some(d) = c.derived() else {
        ui.label(RichText::new("Counting entities across the corpus…").weak());
        return;
    };
    ui.label(RichText::new(format!("{} entities across the corpus", d.entities.len())).weak());
    if let Some(e) = c.selected_entity.and_then(|i| d.entities.get(i)) {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{} ({})", e.name, e.label.tag())).strong());
                if ui.small_button("×").on_hover_text("Close the list of documents").clicked() {
                    q.push(cmd(CorpusCommand::SelectEntity(None)));
                }
            });
            egui::ScrollArea::vertical().id_salt("corpus_entity_docs").max_height(200.0).show(ui, |ui| {
                for doc in &e.documents {
                    let title = d.titles.get(&doc.document).map_or("?", String::as_str);
                    let text = format!("{title}: {} mentions", doc.mentions.len());
                    let r = ui.add(egui::Button::selectable(c.current == Some(doc.document), text).truncate());
                    if r.on_hover_text("Open the document at the first mention").clicked()
                        && let Some(first) = doc.mentions.first()
                    {
                        q.push(cmd(CorpusCommand::ShowMention {
                            document: doc.document,
                            span: *first,
                            name: doc.name.clone(),
                        }));
                    }
                }
            });
        });
    }
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y + 2.0;
    egui::ScrollArea::vertical().id_salt("corpus_entities").auto_shrink(false).show_rows(
        ui,
        row_h,
        d.entities.len(),
        |ui, range| {
            for i in range {
                let e = &d.entities[i];
                let text = format!(
                    "{} ({}): {} in {}",
                    e.name,
                    e.label.tag(),
                    count(e.mentions, "mention", "mentions"),
                    count(e.documents.len(), "document", "documents")
                );
                let r = ui.add(egui::Button::selectable(c.selected_entity == Some(i), text).truncate());
                if r.clicked() {
                    q.push(cmd(CorpusCommand::SelectEntity(Some(i))));
                }
            }
        },
    );
}

/// Code × document counts, one row per document (documents are many, codes few).
fn matrix_ui(ui: &mut Ui, c: &CorpusState, q: &mut Vec<Command>) {
    let Some(d) = c.derived() else {
        ui.label(RichText::new("Counting claims by code…").weak());
        return;
    };
    let m = &d.matrix;
    if m.rows.is_empty() {
        ui.label(RichText::new("No codes yet: tag claims with codes to count them here.").weak());
        return;
    }
    let col_w = 70.0;
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y + 2.0;
    egui::ScrollArea::horizontal().id_salt("corpus_matrix_h").show(ui, |ui| {
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                ui.add_sized([160.0, row_h], egui::Label::new(RichText::new("document").strong()));
                for code in &m.rows {
                    ui.add_sized([col_w, row_h], egui::Label::new(RichText::new(code).strong()).truncate());
                }
            });
            egui::ScrollArea::vertical().id_salt("corpus_matrix").auto_shrink(false).show_rows(
                ui,
                row_h,
                m.columns.len(),
                |ui, range| {
                    for col in range {
                        let id = m.columns[col];
                        ui.horizontal(|ui| {
                            let title = d.titles.get(&id).map_or("?", String::as_str);
                            let r = ui.add_sized(
                                [160.0, row_h],
                                egui::Button::selectable(c.current == Some(id), title).truncate(),
                            );
                            if r.clicked() {
                                q.push(cmd(CorpusCommand::Show(id)));
                            }
                            for row in &m.counts {
                                let n = row[col];
                                let text =
                                    if n == 0 { RichText::new("·").weak() } else { RichText::new(n.to_string()) };
                                ui.add_sized([col_w, row_h], egui::Label::new(text));
                            }
                        });
                    }
                },
            );
        });
    });
}

/// The Claims table's query listing the claims an Overview bar counts (None: an entity's bar,
/// which lists the entity's documents instead).
fn bar_query(filter: &BarFilter) -> Option<ClaimQuery> {
    let all = ClaimQuery::default();
    Some(match filter {
        BarFilter::Status(s) => ClaimQuery { status: Some(*s), ..all },
        BarFilter::Verdict(v) => ClaimQuery { verdict: Some(*v), ..all },
        BarFilter::Kind(k) => ClaimQuery { kind: Some(*k), ..all },
        BarFilter::Claimant(name) => ClaimQuery { claimant: Some(name.clone()), ..all },
        BarFilter::Tag(code) => ClaimQuery { code: Some(code.clone()), ..all },
        BarFilter::Entity { .. } => return None,
    })
}

/// The Overview charts over every claim of the corpus (the single article's charts: status,
/// verdict, type, claimant, tag, entity mentions) and claims per document, counted on a worker
/// when the loaded documents change. A claim bar shows the Claims table filtered to what it
/// counts; an entity bar lists the entity's documents (Entities tab); a document's bar opens
/// the document.
fn overview_ui(ui: &mut Ui, c: &CorpusState, q: &mut Vec<Command>) {
    let Some(d) = c.derived() else {
        ui.label(RichText::new("Counting the claims of the corpus…").weak());
        return;
    };
    let o = &d.overview;
    if o.overview.total_claims == 0 {
        ui.label("No claims yet");
        return;
    }
    let palette = super::theme::palette_of(ui);
    egui::ScrollArea::vertical().id_salt("corpus_overview").auto_shrink(false).show(ui, |ui| {
        ui.label(
            RichText::new(format!(
                "{} in {} ({}) · click a bar to list its claims",
                count(o.overview.total_claims, "claim", "claims"),
                count(o.documents, "document", "documents"),
                count(o.words, "word", "words"),
            ))
            .weak(),
        );
        super::overview_panel::charts_ui(ui, &o.overview, palette, |ui, _, bar, max, color| {
            let query = bar_query(&bar.filter);
            let selected = query.as_ref().is_some_and(|qq| *qq == c.claim_query);
            if !super::overview_panel::bar_row(ui, &bar.label, bar.count, max, color, selected).clicked() {
                return;
            }
            match (query, &bar.filter) {
                (Some(query), _) => {
                    q.push(cmd(CorpusCommand::SetClaimQuery(query)));
                    q.push(cmd(CorpusCommand::SetTab(CorpusTab::Claims)));
                }
                (None, BarFilter::Entity { name, .. }) => {
                    let i = d.entities.iter().position(|e| e.name == *name);
                    q.push(cmd(CorpusCommand::SelectEntity(i)));
                    q.push(cmd(CorpusCommand::SetTab(CorpusTab::Entities)));
                }
                (None, _) => {}
            }
        });
        ui.add_space(8.0);
        ui.label(RichText::new("Claims per document").strong());
        let max = o.by_document.iter().map(|b| b.count).max().unwrap_or(1).max(1);
        for doc in &o.by_document {
            let r = super::overview_panel::bar_row(
                ui,
                &doc.title,
                doc.count,
                max,
                palette.claim,
                c.current == Some(doc.document),
            );
            if r.on_hover_text("Open this document").clicked() {
                q.push(cmd(CorpusCommand::Show(doc.document)));
            }
        }
    });
}
