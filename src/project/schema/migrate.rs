//! Pure migrations between format versions, one step each.

use super::v1;
use crate::document::{ArticleMeta, Block, BlockKind, ByteSpan, Document, SourceFormat};
use crate::nlp::{Entity, EntityLabel};
use crate::project::{
    ArticleVersion, Claim, ClaimId, ClaimKind, ClaimStatus, CorrectionAction, CorrectionTarget, EntityCorrection,
    EntityLayers, Project, SourceInfo, Verdict, Worthiness,
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
/// information), canonical-entity corrections, orphans, the codebook, rejected suggestions,
/// claim attribution fields and the suggestion view settings, all empty or at their defaults.
///
/// # Errors
/// A description of a span that cannot be valid.
pub fn v1_to_v2(old: v1::Project) -> Result<Project, String> {
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
        .map(|c| {
            let target = match c.target {
                v1::CorrectionTarget::Mention(s) => CorrectionTarget::Mention(span(s)?),
                v1::CorrectionTarget::AllMentions(t) => CorrectionTarget::AllMentions(t),
            };
            let action = match c.action {
                v1::CorrectionAction::Remove => CorrectionAction::Remove,
                v1::CorrectionAction::SetLabel(l) => CorrectionAction::SetLabel(label(l)),
            };
            Ok(EntityCorrection { target, action })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let claims = old
        .claims
        .into_iter()
        .map(|c| {
            let mut claim = Claim::new(ClaimId(c.id), "", ByteSpan::empty(0), c.created);
            claim.span = span(c.span)?;
            claim.quote = c.quote;
            claim.claimant = c.claimant;
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
            claim.modified = c.modified;
            Ok(claim)
        })
        .collect::<Result<Vec<_>, String>>()?;
    let first_version = ArticleVersion {
        sha256: source.sha256.clone(),
        size_bytes: source.size_bytes,
        chars: document.text.chars().count(),
        source_path: source.path.clone(),
        imported: source.imported,
        change: "first version".to_owned(),
        changes: Vec::new(),
    };
    let mut project = Project::new(document, source);
    project.article_versions = vec![first_version];
    project.entities = EntityLayers { recognizer: old.entities.recognizer, automatic, corrections, groups: Vec::new() };
    project.claims = claims;
    project.tags = old.tags;
    project.next_claim_id = old.next_claim_id;
    // `old.view` (reading position, filters) is how someone looked at the project, not part of
    // it: no longer kept in project files.
    Ok(project)
}
