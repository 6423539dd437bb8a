//! What changed between two models, in terms of the generated Rust API.
//!
//! [`diff`] compares two lowered [`Api`]s (not two documents) and lists every [`Change`]: its
//! [`ChangeKind`], the JSON pointers it comes from, the Rust items of the generated crate it
//! touches, and what it means for code on each side ([`Impact`] for the client and for the
//! server), plus a security flag. The [`Report`] also gives the semver [`Bump`] the generated
//! crate needs.
//!
//! The classification follows what the generated code does: structs are plain structs with
//! public fields (no `#[non_exhaustive]`, no builders), so any new field breaks code that
//! builds the struct with a literal; enums are exhaustive, so a new variant breaks code that
//! matches on it; the server trait has no default methods, so a new operation breaks every
//! implementation. Which side builds and which side reads a type follows from where it is
//! used: request types are built by clients and read by servers, response types the other way
//! round. Changes that leave the Rust API alone but make requests that worked before fail (a
//! new path, a tighter constraint, a scope added) break the side whose requests fail.

mod markdown;
mod operations;
mod render;
mod security;
mod types;
mod usage;

use serde::Serialize;

use crate::ir::Api;

/// What a change means for code on one side (client or server) of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Nothing that compiled or worked before stops doing so, and nothing new is offered.
    None,
    /// Something new is offered; everything that compiled and worked still does.
    Additive,
    /// Code that compiled may no longer compile, or requests that succeeded may now fail.
    Breaking,
}

impl Impact {
    /// The word used in reports (`breaking`).
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::Additive => "additive",
            Impact::Breaking => "breaking",
        }
    }
}

/// The kinds of change [`diff`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// An operation was added.
    OperationAdded,
    /// An operation was removed.
    OperationRemoved,
    /// An operation's method name changed (its `operationId`).
    OperationRenamed,
    /// An operation moved to another path.
    PathChanged,
    /// An operation changed its HTTP method.
    MethodChanged,
    /// An operation was marked `deprecated`.
    OperationDeprecated,
    /// A required parameter was added.
    RequiredParameterAdded,
    /// An optional parameter was added.
    OptionalParameterAdded,
    /// A parameter was removed.
    ParameterRemoved,
    /// An optional parameter became required.
    ParameterMadeRequired,
    /// A required parameter became optional.
    ParameterMadeOptional,
    /// A parameter's Rust type changed.
    ParameterTypeChanged,
    /// A parameter's Rust name changed (same wire name).
    ParameterRenamed,
    /// A parameter's `style` or `explode` changed.
    ParameterSerializationChanged,
    /// A request body was added.
    RequestBodyAdded,
    /// The request body was removed.
    RequestBodyRemoved,
    /// An optional request body became required.
    RequestBodyMadeRequired,
    /// A required request body became optional.
    RequestBodyMadeOptional,
    /// The request body's Rust type changed.
    RequestBodyTypeChanged,
    /// The request body's media type changed.
    RequestMediaTypeChanged,
    /// A response (status) was added.
    ResponseAdded,
    /// A response (status) was removed.
    ResponseRemoved,
    /// A response's body type changed.
    ResponseBodyTypeChanged,
    /// A response's variant name changed.
    ResponseVariantRenamed,
    /// A scope was added to a requirement of an operation.
    SecurityScopeAdded,
    /// A scope was removed from a requirement of an operation.
    SecurityScopeRemoved,
    /// A security alternative was added to an operation (a new way in).
    SecurityAlternativeAdded,
    /// A security alternative was removed from an operation.
    SecurityAlternativeRemoved,
    /// A public operation now needs credentials.
    OperationMadeNonPublic,
    /// An operation that needed credentials is now public.
    OperationMadePublic,
    /// A security scheme was added to `components.securitySchemes`.
    SecuritySchemeAdded,
    /// A security scheme was removed.
    SecuritySchemeRemoved,
    /// A security scheme changed how its credential travels.
    SecuritySchemeChanged,
    /// The document-wide security rules (`x-apigen-security`) changed.
    SecurityProfileChanged,
    /// A named type was added.
    TypeAdded,
    /// A named type was removed.
    TypeRemoved,
    /// A type's Rust name changed.
    TypeRenamed,
    /// A type changed its shape (struct, enum, union, alias).
    TypeKindChanged,
    /// A required field was added to a struct.
    RequiredFieldAdded,
    /// An optional field was added to a struct.
    OptionalFieldAdded,
    /// A field was removed from a struct.
    FieldRemoved,
    /// An optional field became required.
    FieldMadeRequired,
    /// A required field became optional.
    FieldMadeOptional,
    /// A field's Rust type changed.
    FieldTypeChanged,
    /// A field's Rust name changed (same wire name).
    FieldRenamed,
    /// A field was marked `deprecated`.
    FieldDeprecated,
    /// `additionalProperties` was added, removed or retyped.
    AdditionalPropertiesChanged,
    /// A value was added to an enum.
    EnumValueAdded,
    /// A value was removed from an enum.
    EnumValueRemoved,
    /// An enum value's Rust variant name changed.
    EnumVariantRenamed,
    /// An alternative was added to a `oneOf`/`anyOf` union.
    UnionVariantAdded,
    /// An alternative was removed from a union.
    UnionVariantRemoved,
    /// A union alternative's type changed.
    UnionVariantTypeChanged,
    /// An alias or newtype now stands for another type.
    AliasTargetChanged,
    /// A validation constraint now rejects values it accepted.
    ConstraintTightened,
    /// A validation constraint now accepts values it rejected.
    ConstraintLoosened,
    /// Descriptions, summaries or titles changed.
    DocumentationChanged,
    /// `servers` changed.
    ServersChanged,
    /// `info.version` changed.
    ApiVersionChanged,
}

impl ChangeKind {
    /// The kind as written in reports (`required_field_added`).
    pub fn as_str(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(text)) => text,
            _ => format!("{self:?}"),
        }
    }
}

/// One change between the two models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// Where, in words (`GET /users/{id}` parameter `limit` (query)); spec text, unescaped.
    pub subject: String,
    /// The old and new values or a note, in words; spec text, unescaped.
    pub detail: String,
    /// Where it was in the old document (absent for additions).
    pub old_pointer: Option<String>,
    /// Where it is in the new document (absent for removals).
    pub new_pointer: Option<String>,
    /// The Rust items of the generated crate it touches (`types::User::email`,
    /// `client::Client::users_list`), as the old or new crate names them.
    pub rust_items: Vec<String>,
    /// What it means for code using the generated client (and the types it builds and reads).
    pub client: Impact,
    /// What it means for code implementing the generated server trait.
    pub server: Impact,
    /// Who may call what changed (scopes, requirements, schemes, public operations).
    pub security: bool,
}

impl Change {
    /// The larger of the client and server impacts.
    pub fn impact(&self) -> Impact {
        self.client.max(self.server)
    }

    /// The version bump this change alone needs.
    pub fn bump(&self) -> Bump {
        match self.impact() {
            Impact::Breaking => Bump::Major,
            Impact::Additive => Bump::Minor,
            Impact::None => Bump::Patch,
        }
    }
}

/// A semver version bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Only documentation or behaviour that breaks nothing.
    Patch,
    /// New API, nothing broken.
    Minor,
    /// Something breaks.
    Major,
}

impl Bump {
    /// The word used in reports (`major`).
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The bump as it applies to a crate at version `0.y.z`, where Cargo treats the minor
    /// number as the major one.
    pub fn for_zero_major(self) -> Bump {
        match self {
            Bump::Major => Bump::Minor,
            Bump::Minor | Bump::Patch => Bump::Patch,
            Bump::None => Bump::None,
        }
    }

    /// The next version after `version` (`MAJOR.MINOR.PATCH`, pre-release and build parts
    /// dropped) under this bump, following Cargo's rules for `0.y.z`; `None` when `version` is
    /// not of that form.
    pub fn next_version(self, version: &str) -> Option<String> {
        let core = version.split(['-', '+']).next()?;
        let mut parts = core.split('.').map(|part| part.parse::<u64>().ok());
        let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
        if parts.next().is_some() {
            return None;
        }
        let bump = if major == 0 {
            self.for_zero_major()
        } else {
            self
        };
        Some(match bump {
            Bump::None => format!("{major}.{minor}.{patch}"),
            Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
            Bump::Minor => format!("{major}.{}.0", minor + 1),
            Bump::Major => format!("{}.0.0", major + 1),
        })
    }
}

/// Every change between two models and the verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The old document's `info.title` and `info.version`.
    pub old: ApiLabel,
    /// The new document's `info.title` and `info.version`.
    pub new: ApiLabel,
    /// The bump the generated crate needs: the largest of the changes' bumps.
    pub bump: Bump,
    /// The same bump for a crate at `0.y.z`.
    pub bump_for_zero_major: Bump,
    /// Every change, in document order: document-wide, then operations, then types.
    pub changes: Vec<Change>,
}

/// A document's title and version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiLabel {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
}

impl Report {
    /// True when some change breaks the client or the server.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.impact() == Impact::Breaking)
    }

    /// True when some change is a security change.
    pub fn has_security(&self) -> bool {
        self.changes.iter().any(|c| c.security)
    }

    /// The count of changes that break the client, and of those that break the server.
    pub fn breaking_counts(&self) -> (usize, usize) {
        let count = |side: fn(&Change) -> Impact| {
            self.changes
                .iter()
                .filter(|c| side(c) == Impact::Breaking)
                .count()
        };
        (count(|c| c.client), count(|c| c.server))
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|error| format!("{{\"error\": {:?}}}", error.to_string()))
    }

    /// The report as Markdown for a pull-request comment, at most `max_rows` table rows per
    /// section; spec text is escaped.
    pub fn to_markdown(&self, max_rows: usize) -> String {
        markdown::render(self, max_rows)
    }
}

/// Compares two models and lists what changed in the generated crate's terms.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut changes = Vec::new();
    security::document_changes(old, new, &mut changes);
    let old_usage = usage::Usage::of(old);
    let new_usage = usage::Usage::of(new);
    operations::changes(old, new, &mut changes);
    types::changes(old, new, &old_usage, &new_usage, &mut changes);
    let bump = changes.iter().map(Change::bump).max().unwrap_or(Bump::None);
    Report {
        old: ApiLabel {
            title: old.title.clone(),
            version: old.version.clone(),
        },
        new: ApiLabel {
            title: new.title.clone(),
            version: new.version.clone(),
        },
        bump,
        bump_for_zero_major: bump.for_zero_major(),
        changes,
    }
}
