//! Pure migrations between format versions, one step each.

use super::{v1, v2};
use crate::document::{ArticleMeta, Block, BlockKind, ByteSpan, Document, SourceFormat};
use crate::nlp::{Entity, EntityLabel};
use crate::project::anchor::RecordedChange;
use crate::project::{
    ArticleVersion, AssertedBy, Claim, ClaimId, ClaimKind, ClaimOrigin, ClaimStatus, Code, Codebook, CorrectionAction,
    CorrectionId, CorrectionTarget, EntityCorrection, EntityLayers, GroupCorrection, Orphan, OrphanAnnotation, Project,
    SourceInfo, Verdict, Worthiness, article_identity,
};

fn span((s, e): (usize, usize)) -> Result<ByteSpan, String> {
    ByteSpan::try_from((s, e))
}

fn label(l: v1::Label) -> EntityLabel {
    use v1::Label as L;
    match l {
        L::Person => EntityLabel::Person,
        L::Norp => EntityLabel::Norp,
        L::Org => EntityLabel::Org,
        L::Gpe => EntityLabel::Gpe,
        L::Loc => EntityLabel::Loc,
        L::Fac => EntityLabel::Fac,
        L::Event => EntityLabel::Event,
        L::WorkOfArt => EntityLabel::WorkOfArt,
        L::Law => EntityLabel::Law,
        L::Product => EntityLabel::Product,
        L::Date => EntityLabel::Date,
        L::Time => EntityLabel::Time,
        L::Money => EntityLabel::Money,
        L::Percent => EntityLabel::Percent,
        L::Quantity => EntityLabel::Quantity,
        L::Ordinal => EntityLabel::Ordinal,
        L::Cardinal => EntityLabel::Cardinal,
    }
}

fn kind(k: v1::ClaimKind) -> ClaimKind {
    use v1::ClaimKind as K;
    match k {
        K::Statistical => ClaimKind::Statistical,
        K::Quotation => ClaimKind::Quotation,
        K::Attribution => ClaimKind::Attribution,
        K::Prediction => ClaimKind::Prediction,
        K::Causal => ClaimKind::Causal,
        K::Comparison => ClaimKind::Comparison,
        K::Position => ClaimKind::Position,
        K::Other => ClaimKind::Other,
    }
}

fn status(s: v1::ClaimStatus) -> ClaimStatus {
    match s {
        v1::ClaimStatus::ToCheck => ClaimStatus::ToCheck,
        v1::ClaimStatus::Checking => ClaimStatus::Checking,
        v1::ClaimStatus::Checked => ClaimStatus::Checked,
    }
}

fn verdict(v: v1::Verdict) -> Verdict {
    use v1::Verdict as V;
    match v {
        V::True => Verdict::True,
        V::MostlyTrue => Verdict::MostlyTrue,
        V::HalfTrue => Verdict::HalfTrue,
        V::MostlyFalse => Verdict::MostlyFalse,
        V::False => Verdict::False,
        V::Unverifiable => Verdict::Unverifiable,
    }
}

fn block_kind(k: v1::BlockKind) -> BlockKind {
    use v1::BlockKind as B;
    match k {
        B::Title => BlockKind::Title,
        B::Subtitle => BlockKind::Subtitle,
        B::Dateline => BlockKind::Dateline,
        B::Byline => BlockKind::Byline,
        B::Heading(l) => BlockKind::Heading(l),
        B::Paragraph => BlockKind::Paragraph,
        B::Caption => BlockKind::Caption,
        B::Quote => BlockKind::Quote,
        B::ListItem => BlockKind::ListItem,
        B::Preformatted => BlockKind::Preformatted,
    }
}

/// Version 1 → version 2: adds the article version history (one entry, from the source
/// information), empty canonical-entity corrections, orphans, codebook and rejected
/// suggestions, and claim attribution fields at their defaults. The view state (reading
/// position, filters) is dropped: it is how someone looked at the project, not part of it.
#[must_use]
pub fn v1_to_v2(old: v1::Project) -> v2::Project {
    let first_version = v2::ArticleVersion {
        sha256: old.source.sha256.clone(),
        size_bytes: old.source.size_bytes,
        chars: old.document.text.chars().count(),
        source_path: old.source.path.clone(),
        imported: old.source.imported,
        change: "first version".to_owned(),
        changes: Vec::new(),
    };
    let claims = old
        .claims
        .into_iter()
        .map(|c| v2::Claim {
            id: c.id,
            span: c.span,
            quote: c.quote,
            claimant: c.claimant,
            claimant_entity: None,
            asserted_by: v2::AssertedBy::Unknown,
            kind: c.kind,
            worthiness: c.worthiness,
            status: c.status,
            verdict: c.verdict,
            evidence: c.evidence,
            note: c.note,
            tags: c.tags,
            origin: v2::ClaimOrigin::Manual,
            created: c.created,
            modified: c.modified,
        })
        .collect();
    v2::Project {
        format_version: 2,
        source: old.source,
        document: old.document,
        article_versions: vec![first_version],
        entities: v2::EntityLayers {
            recognizer: old.entities.recognizer,
            automatic: old.entities.automatic,
            corrections: old.entities.corrections,
            groups: Vec::new(),
        },
        claims,
        orphans: Vec::new(),
        tags: old.tags,
        codebook: v2::Codebook::default(),
        rejected_suggestions: Vec::new(),
        next_claim_id: old.next_claim_id,
    }
}

/// The number an orphaned entity correction's id is derived from (corrections in the list
/// use their index; orphans come after every possible index).
const ORPHAN_CORRECTION_BASE: u64 = 1 << 32;

fn correction(c: v2::EntityCorrection, id: CorrectionId) -> Result<EntityCorrection, String> {
    let target = match c.target {
        v1::CorrectionTarget::Mention(s) => CorrectionTarget::Mention(span(s)?),
        v1::CorrectionTarget::AllMentions(t) => CorrectionTarget::AllMentions(t),
    };
    let action = match c.action {
        v1::CorrectionAction::Remove => CorrectionAction::Remove,
        v1::CorrectionAction::SetLabel(l) => CorrectionAction::SetLabel(label(l)),
    };
    Ok(EntityCorrection { id, ..EntityCorrection::new(target, action) })
}

fn claim(c: v2::Claim, article: &str) -> Result<Claim, String> {
    let mut claim = Claim::new(ClaimId::derived(article, c.id), "", ByteSpan::empty(0), c.created);
    claim.span = span(c.span)?;
    claim.quote = c.quote;
    claim.claimant = c.claimant;
    claim.claimant_entity = c.claimant_entity;
    claim.asserted_by = match c.asserted_by {
        v2::AssertedBy::Unknown => AssertedBy::Unknown,
        v2::AssertedBy::Author => AssertedBy::Author,
        v2::AssertedBy::Source => AssertedBy::Source,
    };
    claim.kind = kind(c.kind);
    claim.worthiness = match c.worthiness {
        v1::Worthiness::Low => Worthiness::Low,
        v1::Worthiness::Medium => Worthiness::Medium,
        v1::Worthiness::High => Worthiness::High,
    };
    claim.status = status(c.status);
    claim.verdict = c.verdict.map(verdict);
    claim.evidence = c.evidence;
    claim.note = c.note;
    claim.tags = c.tags;
    claim.origin = match c.origin {
        v2::ClaimOrigin::Manual => ClaimOrigin::Manual,
        v2::ClaimOrigin::Suggested => ClaimOrigin::Suggested,
        v2::ClaimOrigin::Imported => ClaimOrigin::Imported,
    };
    claim.modified = c.modified;
    Ok(claim)
}

/// Version 2 → version 3: globally unique ids and coders. Claims numbered 1, 2, 3 per file
/// get the id [`ClaimId::derived`] from the article (source hash and text) and their number,
/// entity corrections one derived from their position, so every copy of the same v2 file gets
/// the same ids and a three-way merge of two coders' copies matches them. Coders are not
/// recorded (empty); there are no conflicts or adjudication decisions yet.
///
/// # Errors
/// A description of a span that cannot be valid.
pub fn v2_to_v3(old: v2::Project) -> Result<Project, String> {
    let format = match old.source.format {
        v1::SourceFormat::PlainText => SourceFormat::PlainText,
        v1::SourceFormat::Markdown => SourceFormat::Markdown,
        v1::SourceFormat::Html => SourceFormat::Html,
        v1::SourceFormat::Xml => SourceFormat::Xml,
    };
    let source = SourceInfo {
        path: old.source.path,
        format,
        encoding: old.source.encoding,
        sha256: old.source.sha256,
        size_bytes: old.source.size_bytes,
        imported: old.source.imported,
        ..SourceInfo::default()
    };
    let blocks = old
        .document
        .blocks
        .into_iter()
        .map(|b| Ok(Block { span: span(b.span)?, kind: block_kind(b.kind), credit: b.credit.map(span).transpose()? }))
        .collect::<Result<Vec<_>, String>>()?;
    let m = old.document.meta;
    let document = Document {
        text: old.document.text,
        blocks,
        meta: ArticleMeta {
            title: m.title,
            publisher: m.publisher,
            byline: m.byline,
            date: m.date,
            url: m.url,
            language: m.language,
        },
    };
    let article = article_identity(&source.sha256, &document.text);
    let automatic = old
        .entities
        .automatic
        .into_iter()
        .map(|(s, e, l)| Ok(Entity::new(span((s, e))?, label(l))))
        .collect::<Result<Vec<_>, String>>()?;
    let corrections = old
        .entities
        .corrections
        .into_iter()
        .zip(0u64..)
        .map(|(c, i)| correction(c, CorrectionId::derived(&article, i)))
        .collect::<Result<Vec<_>, String>>()?;
    let groups = old
        .entities
        .groups
        .into_iter()
        .map(|g| match g {
            v2::GroupCorrection::Rename { entity, name } => GroupCorrection::Rename { entity, name },
            v2::GroupCorrection::Merge { entity, into } => GroupCorrection::Merge { entity, into },
            v2::GroupCorrection::Split { mention } => GroupCorrection::Split { mention },
        })
        .collect();
    let claims = old.claims.into_iter().map(|c| claim(c, &article)).collect::<Result<Vec<_>, String>>()?;
    let orphans = old
        .orphans
        .into_iter()
        .zip(0u64..)
        .map(|(o, i)| {
            let annotation = match o.annotation {
                v2::OrphanAnnotation::Claim(c) => OrphanAnnotation::Claim(claim(c, &article)?),
                v2::OrphanAnnotation::Correction(c) => OrphanAnnotation::Correction(correction(
                    c,
                    CorrectionId::derived(&article, ORPHAN_CORRECTION_BASE + i),
                )?),
            };
            Ok(Orphan { annotation, quote: o.quote, prefix: o.prefix, suffix: o.suffix, version: o.version })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let article_versions = old
        .article_versions
        .into_iter()
        .map(|v| {
            let changes = v
                .changes
                .into_iter()
                .map(|c| Ok(RecordedChange { new: span(c.new)?, removed: c.removed }))
                .collect::<Result<Vec<_>, String>>()?;
            Ok(ArticleVersion {
                sha256: v.sha256,
                size_bytes: v.size_bytes,
                chars: v.chars,
                source_path: v.source_path,
                imported: v.imported,
                change: v.change,
                changes,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let codebook = Codebook {
        name: old.codebook.name,
        codes: old
            .codebook
            .codes
            .into_iter()
            .map(|c| Code { path: c.path, color: c.color, shortcut: c.shortcut, description: c.description })
            .collect(),
    };
    let mut project = Project::new(document, source);
    if !article_versions.is_empty() {
        project.article_versions = article_versions;
    }
    project.entities = EntityLayers { recognizer: old.entities.recognizer, automatic, corrections, groups };
    project.claims = claims;
    // Same order as before for claims with different spans; ties now break by the new ids.
    project.claims.sort_by_key(Claim::order_key);
    project.orphans = orphans;
    project.tags = old.tags;
    project.codebook = codebook;
    project.rejected_suggestions = old.rejected_suggestions;
    Ok(project)
}
