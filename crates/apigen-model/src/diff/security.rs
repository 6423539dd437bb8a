//! Document-wide changes (security schemes and rules, servers, version) and changes to who may
//! call an operation.

use std::collections::BTreeSet;

use crate::ir::{Api, Auth, Endpoint, SchemeKind, SchemeUse};
use crate::pointer::Pointer;

use super::{Change, ChangeKind, Impact};

/// Changes to `components.securitySchemes`, `x-apigen-security`, `servers` and `info`.
pub(super) fn document_changes(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let document =
        |kind, subject: &str, detail: String, impacts: (Impact, Impact), security| Change {
            kind,
            subject: subject.to_owned(),
            detail,
            old_pointer: Some("#".to_owned()),
            new_pointer: Some("#".to_owned()),
            rust_items: Vec::new(),
            client: impacts.0,
            server: impacts.1,
            security,
        };
    if old.version != new.version {
        out.push(document(
            ChangeKind::ApiVersionChanged,
            "info.version",
            format!("`{}` → `{}`", old.version, new.version),
            (Impact::None, Impact::None),
            false,
        ));
    }
    if old.title != new.title || old.description != new.description {
        out.push(document(
            ChangeKind::DocumentationChanged,
            "info",
            "title or description changed".to_owned(),
            (Impact::None, Impact::None),
            false,
        ));
    }
    if old.servers != new.servers {
        let urls = |api: &Api| {
            api.servers
                .iter()
                .map(|s| s.url.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(document(
            ChangeKind::ServersChanged,
            "servers",
            format!("`{}` → `{}`", urls(old), urls(new)),
            (Impact::None, Impact::None),
            false,
        ));
    }
    if old.security_profile != new.security_profile {
        out.push(document(
            ChangeKind::SecurityProfileChanged,
            "x-apigen-security",
            format!("{:?} → {:?}", old.security_profile, new.security_profile),
            (Impact::Breaking, Impact::None),
            true,
        ));
    }
    for scheme in &old.security_schemes {
        let pointer = scheme_pointer(&scheme.name);
        let subject = format!("security scheme {}", scheme.name);
        match new.security_schemes.iter().find(|s| s.name == scheme.name) {
            None => out.push(Change {
                kind: ChangeKind::SecuritySchemeRemoved,
                subject,
                detail: "its credentials are no longer sent or accepted".to_owned(),
                old_pointer: Some(pointer),
                new_pointer: None,
                rust_items: vec!["client::Client::with_credential".to_owned()],
                client: Impact::Breaking,
                server: Impact::None,
                security: true,
            }),
            Some(new_scheme) if new_scheme.kind != scheme.kind => out.push(Change {
                kind: ChangeKind::SecuritySchemeChanged,
                subject,
                detail: format!(
                    "{} → {}",
                    kind_words(&scheme.kind),
                    kind_words(&new_scheme.kind)
                ),
                old_pointer: Some(pointer.clone()),
                new_pointer: Some(pointer),
                rust_items: vec!["client::Client::with_credential".to_owned()],
                client: Impact::Breaking,
                server: Impact::None,
                security: true,
            }),
            Some(_) => {}
        }
    }
    for scheme in &new.security_schemes {
        if old.security_schemes.iter().any(|s| s.name == scheme.name) {
            continue;
        }
        out.push(Change {
            kind: ChangeKind::SecuritySchemeAdded,
            subject: format!("security scheme {}", scheme.name),
            detail: kind_words(&scheme.kind),
            old_pointer: None,
            new_pointer: Some(scheme_pointer(&scheme.name)),
            rust_items: vec!["client::Client::with_credential".to_owned()],
            client: Impact::Additive,
            server: Impact::None,
            security: true,
        });
    }
}

fn scheme_pointer(name: &str) -> String {
    Pointer::root()
        .join("components")
        .join("securitySchemes")
        .join(name)
        .into_string()
}

fn kind_words(kind: &SchemeKind) -> String {
    match kind {
        SchemeKind::Bearer { .. } => "HTTP bearer".to_owned(),
        SchemeKind::Basic => "HTTP basic".to_owned(),
        SchemeKind::ApiKey { location, name } => format!("API key `{name}` in {location:?}"),
        SchemeKind::OAuth2 { .. } => "OAuth 2.0".to_owned(),
        SchemeKind::OpenIdConnect { url } => format!("OpenID Connect `{url}`"),
        SchemeKind::OtherHttp(scheme) => format!("HTTP `{scheme}`"),
    }
}

/// One alternative: its scheme names, and the scopes per scheme.
type Alternative = Vec<(String, BTreeSet<String>)>;

fn alternatives(auth: &Auth) -> Vec<Alternative> {
    auth.alternatives()
        .iter()
        .map(|alternative| {
            let mut schemes: Alternative = alternative
                .iter()
                .map(|SchemeUse { scheme, scopes }| {
                    (
                        scheme.clone(),
                        scopes.iter().map(|s| s.raw.clone()).collect(),
                    )
                })
                .collect();
            schemes.sort();
            schemes
        })
        .collect()
}

fn names(alternative: &Alternative) -> Vec<&str> {
    alternative.iter().map(|(name, _)| name.as_str()).collect()
}

fn describe(alternative: &Alternative) -> String {
    if alternative.is_empty() {
        return "anonymous (`{}`)".to_owned();
    }
    alternative
        .iter()
        .map(|(scheme, scopes)| {
            if scopes.is_empty() {
                format!("`{scheme}`")
            } else {
                let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
                format!("`{scheme}` [{}]", scopes.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Changes to who may call `new` compared with `old`: made public or not, alternatives added
/// or removed, scopes added or removed. Tightenings break clients (calls that were allowed are
/// refused); none changes the Rust API.
pub(super) fn operation_changes(
    old: &Endpoint,
    new: &Endpoint,
    subject: &str,
    items: &[String],
    out: &mut Vec<Change>,
) {
    let mut push = |kind, detail: String, client| {
        out.push(Change {
            kind,
            subject: format!("{subject} security"),
            detail,
            old_pointer: Some(old.pointer.clone()),
            new_pointer: Some(new.pointer.clone()),
            rust_items: items.to_vec(),
            client,
            server: Impact::None,
            security: true,
        })
    };
    match (&old.auth, &new.auth) {
        (Auth::Public, Auth::Public) => {}
        (Auth::Public, Auth::Required(_)) => push(
            ChangeKind::OperationMadeNonPublic,
            format!(
                "now needs {}",
                alternatives(&new.auth)
                    .iter()
                    .map(describe)
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            Impact::Breaking,
        ),
        (Auth::Required(_), Auth::Public) => push(
            ChangeKind::OperationMadePublic,
            "anyone may now call it, without credentials".to_owned(),
            Impact::None,
        ),
        (Auth::Required(_), Auth::Required(_)) => {
            let old_alts = alternatives(&old.auth);
            let new_alts = alternatives(&new.auth);
            for alt in &old_alts {
                match new_alts.iter().find(|n| names(n) == names(alt)) {
                    None => push(
                        ChangeKind::SecurityAlternativeRemoved,
                        format!("{} no longer accepted", describe(alt)),
                        Impact::Breaking,
                    ),
                    Some(new_alt) => {
                        for ((scheme, old_scopes), (_, new_scopes)) in alt.iter().zip(new_alt) {
                            let added: Vec<&str> = new_scopes
                                .difference(old_scopes)
                                .map(String::as_str)
                                .collect();
                            let removed: Vec<&str> = old_scopes
                                .difference(new_scopes)
                                .map(String::as_str)
                                .collect();
                            if !added.is_empty() {
                                push(
                                    ChangeKind::SecurityScopeAdded,
                                    format!("`{scheme}` now also needs {}", added.join(", ")),
                                    Impact::Breaking,
                                );
                            }
                            if !removed.is_empty() {
                                push(
                                    ChangeKind::SecurityScopeRemoved,
                                    format!("`{scheme}` no longer needs {}", removed.join(", ")),
                                    Impact::None,
                                );
                            }
                        }
                    }
                }
            }
            for alt in &new_alts {
                if !old_alts.iter().any(|o| names(o) == names(alt)) {
                    push(
                        ChangeKind::SecurityAlternativeAdded,
                        format!("{} now accepted", describe(alt)),
                        Impact::None,
                    );
                }
            }
        }
    }
}
