//! [`Session`]: the open project with its file path, undo history and derived data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::document::ByteSpan;
use crate::io;
use std::sync::Arc;

use crate::nlp::canonical::CanonicalEntity;
use crate::nlp::claims::Suggestion;
use crate::nlp::{Analysis, Entity, EntityLabel};
use crate::project::overview::{self, BarFilter, Overview};
use crate::project::{
    Claim, ClaimFilter, ClaimOrigin, CorrectionAction, CorrectionTarget, Edit, EntityCorrection, EntityLayers, History,
    Project, Touches, assist,
};

/// Bars per chart for the ranked charts of the overview (claimants, tags, entities).
pub const OVERVIEW_TOP: usize = 12;

/// Derived data recomputed whenever the project's entities or claims change (never per frame).
#[derive(Clone, Debug, Default)]
pub struct Derived {
    /// Effective entities (automatic + corrections), sorted.
    pub entities: Vec<Entity>,
    /// Mentions per entity type.
    pub label_counts: BTreeMap<EntityLabel, usize>,
    /// Canonical entities (mentions grouped by what they refer to, with the user's grouping
    /// corrections), in order of first mention.
    pub canonical: Vec<CanonicalEntity>,
    /// `(mention, index into canonical)`, sorted by mention.
    pub mention_group: Vec<(ByteSpan, usize)>,
    /// PERSON and ORG canonical names, most mentioned first (claimant suggestions).
    pub agents: Vec<(String, EntityLabel, usize)>,
    /// Number of words in the article.
    pub words: usize,
}

impl Derived {
    /// Compute from a project.
    #[must_use]
    pub fn new(project: &Project) -> Self {
        Self::compute(project.text(), &project.entities)
    }

    /// Compute from the article `text` and its entity layers (on a worker thread, while
    /// opening or analysing: on a long article it takes a while).
    #[must_use]
    pub fn compute(text: &str, layers: &EntityLayers) -> Self {
        let mut d = Self { words: crate::document::words::count_words(text), ..Self::default() };
        d.entities_from(text, layers);
        d
    }

    /// Recompute what depends on the entities (after an entity correction or a new analysis);
    /// the word count, which depends on the text alone, stays.
    pub fn refresh_entities(&mut self, project: &Project) {
        self.entities_from(project.text(), &project.entities);
    }

    fn entities_from(&mut self, text: &str, layers: &EntityLayers) {
        let project_entities = layers;
        let entities = project_entities.effective(text);
        let mut label_counts = BTreeMap::new();
        for e in &entities {
            *label_counts.entry(e.label).or_insert(0) += 1;
        }
        let canonical = project_entities.canonical_of(text, &entities);
        let mut mention_group: Vec<(ByteSpan, usize)> =
            canonical.iter().enumerate().flat_map(|(i, g)| g.mentions.iter().map(move |m| (*m, i))).collect();
        mention_group.sort();
        let mut agents: Vec<(String, EntityLabel, usize)> = canonical
            .iter()
            .filter(|g| matches!(g.label, EntityLabel::Person | EntityLabel::Org))
            .map(|g| (g.name.clone(), g.label, g.count()))
            .collect();
        agents.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        *self = Self { entities, label_counts, canonical, mention_group, agents, words: self.words };
    }

    /// The canonical entity a mention belongs to.
    #[must_use]
    pub fn group_of(&self, mention: ByteSpan) -> Option<&CanonicalEntity> {
        let i = self.mention_group.binary_search_by(|(s, _)| s.cmp(&mention)).ok()?;
        self.canonical.get(self.mention_group[i].1)
    }

    /// The canonical entity named `name`.
    #[must_use]
    pub fn group_named(&self, name: &str) -> Option<&CanonicalEntity> {
        self.canonical.iter().find(|g| g.name == name)
    }
}

/// How a person looks at a project: kept in the app's own storage per project (see
/// [`super::state::Prefs::views`]), never in the project file, so that scrolling or hiding a type
/// does not change a file the team shares.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ViewState {
    /// Byte offset of the text at the top of the article view (the reading position).
    pub scroll_byte: usize,
    /// Hidden entity types.
    pub hidden: Vec<EntityLabel>,
    /// Claims filter.
    pub filter: ClaimFilter,
    /// Check-worthiness score (0–1) from which sentences are suggested as claims.
    pub suggestion_threshold: f32,
    /// Show quotations as their own highlight layer.
    pub show_quotes: bool,
}

impl Default for ViewState {
    fn default() -> Self {
        Self {
            scroll_byte: 0,
            hidden: Vec::new(),
            filter: ClaimFilter::default(),
            suggestion_threshold: crate::nlp::claims::DEFAULT_THRESHOLD,
            show_quotes: false,
        }
    }
}

/// The claims blind coding holds aside.
#[derive(Debug, Default)]
struct Blind {
    /// Whose work is shown.
    coder: String,
    /// The other coders' claims, in document order.
    hidden: Vec<crate::project::Claim>,
}

/// The open project.
pub struct Session {
    /// The project (in blind coding, without the claims of other coders: see
    /// [`Session::full_project`]).
    pub project: Project,
    /// Blind coding: the other coders' claims, held aside while this coder works.
    blind: Option<Blind>,
    /// Where it is saved (None until the first save).
    pub path: Option<PathBuf>,
    /// Undo/redo.
    pub history: History,
    /// `history.state_id()` when last saved or loaded.
    pub saved_state: u64,
    /// Changed outside the history (re-analysis, restored recovery copy) since the last save.
    pub changed_outside_history: bool,
    /// Derived data.
    pub derived: Derived,
    /// How the project is being looked at (restored from and kept in the app's storage).
    pub view: ViewState,
    /// True when the encoding was guessed on import.
    pub encoding_guessed: bool,
    /// A unique number for this session (to match analysis results).
    pub id: u64,
    /// The latest analysis of the article (sentences, quotations, suggestions), once ready.
    /// Not saved: it is recomputed in the background when a project opens.
    pub analysis: Option<Arc<Analysis>>,
    /// The suggestions to show now: at or above the threshold, not rejected, not already a
    /// claim (recomputed with [`Session::refresh`] and when the threshold changes).
    pub suggestions: Vec<Suggestion>,
    /// The overview dashboard's numbers, computed when first shown after a change.
    overview: Option<Overview>,
    /// [`Session::document_key`] of the text the view and analysis were made for.
    pub analysed_key: (String, usize),
    /// Scripts of the article no installed font can show (None until checked, once per text).
    pub scripts_without_fonts: Option<Vec<crate::document::scripts::Script>>,
    /// A web page's bytes as fetched, archived beside the project when it is saved.
    pub source_copy: Option<crate::io::web::SourceCopy>,
    /// Counts changes of the claims (and of the codes they are filtered by).
    claims_version: u64,
    /// Counts changes of the entities.
    entities_version: u64,
    /// The claims list as shown: indices into the project's claims passing the filters.
    claim_list: Vec<usize>,
    /// What [`Session::claim_list`] was computed for.
    claim_list_for: Option<(ClaimFilter, Option<BarFilter>, u64)>,
    /// The Entities tab's rows: indices into the canonical entities, filtered and sorted.
    entity_list: Vec<usize>,
    /// What [`Session::entity_list`] was computed for.
    entity_list_for: Option<(String, bool, Vec<EntityLabel>, u64)>,
}

impl Session {
    /// A session around `project` saved at `path` (if any), looked at as `view`.
    #[must_use]
    pub fn new(project: Project, path: Option<PathBuf>, id: u64, view: ViewState) -> Self {
        let derived = Derived::new(&project);
        Self::with_derived(project, derived, path, id, view)
    }

    /// [`Session::new`] with the derived data already computed (on a worker thread).
    #[must_use]
    pub fn with_derived(project: Project, derived: Derived, path: Option<PathBuf>, id: u64, view: ViewState) -> Self {
        let project_key = (project.source.sha256.clone(), project.text().len());
        Self {
            project,
            path,
            history: History::default(),
            saved_state: 0,
            changed_outside_history: false,
            derived,
            view,
            encoding_guessed: false,
            id,
            analysis: None,
            suggestions: Vec::new(),
            overview: None,
            analysed_key: (project_key.0, project_key.1),
            scripts_without_fonts: None,
            source_copy: None,
            claims_version: 0,
            blind: None,
            entities_version: 0,
            claim_list: Vec::new(),
            claim_list_for: None,
            entity_list: Vec::new(),
            entity_list_for: None,
        }
    }

    /// Identifies the article version: its source hash and text length (an edit that
    /// replaces the article changes both or at least one).
    #[must_use]
    pub fn document_key(&self) -> (String, usize) {
        (self.project.source.sha256.clone(), self.project.text().len())
    }

    /// True when there are changes not saved to [`Session::path`].
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.changed_outside_history || self.history.state_id() != self.saved_state
    }

    /// The name for the title bar: the project file name, or the article's with a note.
    #[must_use]
    pub fn display_name(&self) -> String {
        if let Some(p) = &self.path {
            return p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
        }
        let article = self
            .project
            .source
            .path
            .as_deref()
            .and_then(|p| Path::new(p).file_name())
            .map(|n| n.to_string_lossy().into_owned())
            // A web page or pasted text has no file: its title names it.
            .or_else(|| self.project.document.display_title().map(|t| super::words::short(t, 60)))
            .unwrap_or_else(|| "Untitled".to_owned());
        format!("{article} (not saved)")
    }

    /// Blind coding as `coder` (None: show every coder's claims). Claims another coder created
    /// are held aside — not listed, highlighted, counted or suggested around — and come back
    /// when blind coding ends or the coder changes; saving, recovery copies and exports write
    /// them unchanged ([`Session::full_project`]). Claims without a recorded coder stay shown
    /// (the rule of [`crate::team::compare::visible_to`]). Entity corrections stay shown: the
    /// undo history addresses them by position.
    /// Cheap when nothing changes (called once a frame).
    pub fn set_blind(&mut self, coder: Option<&str>) {
        let coder = coder.map(str::trim).filter(|c| !c.is_empty());
        match (&self.blind, coder) {
            (None, None) => return,
            (Some(b), Some(c)) if b.coder == c => return,
            _ => {}
        }
        if let Some(b) = self.blind.take() {
            self.project.claims.extend(b.hidden);
            self.project.claims.sort_by_key(crate::project::Claim::order_key);
        }
        if let Some(c) = coder {
            let (mine, hidden): (Vec<_>, Vec<_>) = std::mem::take(&mut self.project.claims)
                .into_iter()
                .partition(|claim| crate::team::compare::visible_to(&claim.created_by, c));
            self.project.claims = mine;
            self.blind = Some(Blind { coder: c.to_owned(), hidden });
        }
        self.invalidate(Touches { claim_spans: true, claim_fields: true, ..Touches::default() });
    }

    /// How many claims of other coders blind coding hides now (None: not blind).
    #[must_use]
    pub fn hidden_claims(&self) -> Option<usize> {
        self.blind.as_ref().map(|b| b.hidden.len())
    }

    /// The whole project, with the claims blind coding holds aside: what is saved, copied for
    /// recovery and exported.
    #[must_use]
    pub fn full_project(&self) -> std::borrow::Cow<'_, Project> {
        match &self.blind {
            Some(b) if !b.hidden.is_empty() => {
                let mut p = self.project.clone();
                p.claims.extend(b.hidden.iter().cloned());
                p.claims.sort_by_key(crate::project::Claim::order_key);
                std::borrow::Cow::Owned(p)
            }
            _ => std::borrow::Cow::Borrowed(&self.project),
        }
    }

    /// Recompute all derived data (after the project was replaced or re-analysed).
    pub fn refresh(&mut self) {
        self.refresh_after(Touches::ALL);
    }

    /// Take `derived`, computed on a worker thread for the project's current text and entity
    /// layers, and recompute the rest as after a change of everything.
    pub fn adopt(&mut self, derived: Derived) {
        self.derived = derived;
        self.invalidate(Touches::ALL);
    }

    /// How many times the claims changed (their text, spans, fields): matches computed for an
    /// earlier count are out of date.
    #[must_use]
    pub fn claims_version(&self) -> u64 {
        self.claims_version
    }

    /// How many times the entities changed: a job that computed derived data for an earlier
    /// count is out of date.
    #[must_use]
    pub fn entities_version(&self) -> u64 {
        self.entities_version
    }

    /// Recompute what depends on the parts of the project an edit `touched`, and nothing else:
    /// typing into a claim's note recomputes no entities, no word count, no suggestions.
    pub fn refresh_after(&mut self, touched: Touches) {
        if touched.text {
            self.derived = Derived::new(&self.project);
        } else if touched.entities {
            self.derived.refresh_entities(&self.project);
        }
        self.invalidate(touched);
    }

    /// Forget what depends on the `touched` parts (the derived entity data is up to date).
    fn invalidate(&mut self, touched: Touches) {
        if touched.text || touched.entities || touched.claims() || touched.codes {
            self.overview = None;
        }
        if touched.text || touched.claims() || touched.codes {
            self.claims_version += 1;
        }
        if touched.text || touched.entities {
            self.entities_version += 1;
        }
        if touched.text || touched.claim_spans || touched.rejections {
            self.refresh_suggestions();
        }
    }

    /// Compute the overview dashboard's numbers if the project changed since they were last
    /// computed (the Overview tab shows [`Session::overview`]).
    pub fn ensure_overview(&mut self) {
        if self.overview.is_none() {
            self.overview = Some(overview::overview(&self.project, OVERVIEW_TOP));
        }
    }

    /// Compute the claims list as shown if the claims or the filters changed since it was last
    /// computed (`bar`: the overview bar the list is filtered by).
    pub fn ensure_claim_list(&mut self, bar: Option<&BarFilter>) {
        let key = (self.view.filter.clone(), bar.cloned(), self.claims_version);
        if self.claim_list_for.as_ref() == Some(&key) {
            return;
        }
        let filter = &self.view.filter;
        self.claim_list = (self.project.claims.iter().enumerate())
            .filter(|(_, c)| filter.accepts(c) && bar.is_none_or(|b| b.accepts(c)))
            .map(|(i, _)| i)
            .collect();
        self.claim_list_for = Some(key);
    }

    /// The claims list as shown: indices into the project's claims, in document order (see
    /// [`Session::ensure_claim_list`]).
    #[must_use]
    pub fn claim_list(&self) -> &[usize] {
        &self.claim_list
    }

    /// Compute the Entities tab's rows if the entities, the filter text, the order or the
    /// hidden types changed since they were last computed.
    pub fn ensure_entity_list(&mut self, filter: &str, by_name: bool) {
        let key = (filter.to_lowercase(), by_name, self.view.hidden.clone(), self.entities_version);
        if self.entity_list_for.as_ref() == Some(&key) {
            return;
        }
        let groups = &self.derived.canonical;
        let mut rows: Vec<usize> = (0..groups.len())
            .filter(|&i| !key.2.contains(&groups[i].label))
            .filter(|&i| key.0.is_empty() || groups[i].name.to_lowercase().contains(&key.0))
            .collect();
        // The orders of `canonical::sort_by_name` and `sort_by_count`, on indices.
        if by_name {
            rows.sort_by(|&a, &b| {
                let (x, y) = (&groups[a], &groups[b]);
                x.name.to_lowercase().cmp(&y.name.to_lowercase()).then(x.label.cmp(&y.label))
            });
        } else {
            rows.sort_by(|&a, &b| {
                let (x, y) = (&groups[a], &groups[b]);
                y.count().cmp(&x.count()).then_with(|| x.name.cmp(&y.name))
            });
        }
        self.entity_list = rows;
        self.entity_list_for = Some(key);
    }

    /// The Entities tab's rows: indices into [`Derived::canonical`] (see
    /// [`Session::ensure_entity_list`]).
    #[must_use]
    pub fn entity_list(&self) -> &[usize] {
        &self.entity_list
    }

    /// The overview dashboard's numbers, if computed since the last change.
    #[must_use]
    pub fn overview(&self) -> Option<&Overview> {
        self.overview.as_ref()
    }

    /// A new claim over `span` (already snapped to words), its fields prefilled by the
    /// engine: kind, claimant (linked to the canonical entity where there is one) and who
    /// asserts it. Until the background analysis is ready only the kind is guessed.
    #[must_use]
    pub fn new_claim(&self, span: ByteSpan, now: jiff::Timestamp, origin: ClaimOrigin) -> Claim {
        let project = &self.project;
        let mut claim = Claim::new(project.peek_claim_id(), project.text(), span, now);
        claim.origin = origin;
        match self.analysis.as_deref() {
            Some(analysis) => {
                let fill =
                    assist::prefill_with(project, analysis, span, &self.derived.entities, &self.derived.canonical);
                claim.kind = fill.kind;
                claim.claimant = fill.claimant;
                claim.claimant_entity = fill.claimant_entity;
                claim.asserted_by = fill.asserted_by;
            }
            None => claim.kind = assist::guess_kind(project.text(), span, &self.derived.entities),
        }
        claim
    }

    /// The edit correcting the entity at `span` (for every mention of its text if `all`), with
    /// its label for the undo menu; None for an empty span.
    #[must_use]
    pub fn correction(&self, span: ByteSpan, action: CorrectionAction, all: bool) -> Option<(Edit, &'static str)> {
        let text = self.project.text();
        let span = match action {
            CorrectionAction::Remove => span,
            CorrectionAction::SetLabel(_) => crate::document::words::snap_to_words(text, span),
        };
        if span.is_empty() || span.end > text.len() {
            return None;
        }
        let target =
            if all { CorrectionTarget::AllMentions(text[span].to_owned()) } else { CorrectionTarget::Mention(span) };
        let label = match (action, all) {
            (CorrectionAction::Remove, _) => "Remove entity",
            (_, true) => "Set type of all mentions",
            (_, false) => "Set entity type",
        };
        let index = self.project.entities.corrections.len();
        Some((Edit::InsertCorrection { index, correction: EntityCorrection::new(target, action) }, label))
    }

    /// Recompute the visible suggestions (after the threshold, the claims or the rejections
    /// changed).
    pub fn refresh_suggestions(&mut self) {
        self.suggestions = self
            .analysis
            .as_deref()
            .map(|a| {
                assist::visible_suggestions(&self.project, a, self.view.suggestion_threshold)
                    .into_iter()
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
    }

    /// The visible suggestion covering byte `at`.
    #[must_use]
    pub fn suggestion_at(&self, at: usize) -> Option<&Suggestion> {
        let i = self.suggestions.partition_point(|s| s.span.end <= at);
        self.suggestions.get(i).filter(|s| s.span.contains(at))
    }

    /// The key under which this project's [`ViewState`] is kept in the app's storage: the
    /// project file (canonical path) once saved, else the article's content hash.
    #[must_use]
    pub fn view_key(&self) -> String {
        match &self.path {
            Some(p) => format!("file:{}", std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()).display()),
            None => format!("sha256:{}", self.project.source.sha256),
        }
    }

    /// The key of this session's recovery copy.
    #[must_use]
    pub fn recovery_key(&self) -> String {
        io::recovery::key_for(self.path.as_deref(), &self.project.source.sha256)
    }

    /// A suggested path for "Save as": next to the article, `NAME.claimlens.ron`.
    #[must_use]
    pub fn suggested_path(&self) -> PathBuf {
        if let Some(p) = &self.path {
            return p.clone();
        }
        match self.project.source.path.as_deref().map(Path::new) {
            Some(article) if article.parent().is_some_and(|d| d.is_dir()) => io::project_path_for(article),
            Some(article) => {
                let name = io::project_path_for(article);
                let file =
                    name.file_name().map_or_else(|| "article.claimlens.ron".into(), std::ffi::OsStr::to_os_string);
                std::env::current_dir().unwrap_or_default().join(file)
            }
            None => std::env::current_dir().unwrap_or_default().join("article.claimlens.ron"),
        }
    }
}
