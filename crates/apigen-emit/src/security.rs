//! Security in the emitted crate: the `SECURITY` table of schemes, each operation's `Access`
//! (its requirement alternatives), the error-body layer the profile asks for, and the words and
//! README table that say who may call what.

use apigen_model::ir::{
    Api, Auth, Endpoint, ErrorBodyStyle, Method, ParamLocation, SchemeKind, SchemeUse, ScopeRules,
    SecurityScheme,
};
use proc_macro2::TokenStream;
use quote::quote;

use crate::templates::one_line;

/// The runtime names the security table and the operation table use.
pub fn security_imports(api: &Api) -> TokenStream {
    let mut names = vec![quote!(Access)];
    let any_key = api
        .security_schemes
        .iter()
        .any(|scheme| matches!(scheme.kind, SchemeKind::ApiKey { .. }));
    if any_key {
        names.push(quote!(KeyLocation));
    }
    if api
        .endpoints
        .iter()
        .any(|endpoint| matches!(endpoint.auth, Auth::Required(_)))
    {
        names.push(quote!(Requirement));
    }
    if !api.security_schemes.is_empty() {
        names.extend([quote!(SchemeKind), quote!(SchemeSpec)]);
    }
    names.push(quote!(Security));
    quote!(use apigen_runtime::server::{#(#names),*};)
}

/// `pub const SECURITY: Security`, the schemes of the API and its scope rules.
pub fn security_table(api: &Api) -> TokenStream {
    let schemes = api.security_schemes.iter().map(scheme_spec);
    let scope_rules = match api.security_profile.scope_rules {
        ScopeRules::Exact => quote!(Exact),
        ScopeRules::ObjectAction => quote!(ObjectAction),
    };
    let cookie_note = api
        .security_schemes
        .iter()
        .any(|scheme| scheme.kind.is_cookie())
        .then(|| {
            quote! {
                ///
                /// Cookie credentials of unsafe requests (other than `GET`, `HEAD`, `OPTIONS`,
                /// `TRACE`) are only taken with a non-form `Content-Type` (such as
                /// `application/json`) or a same-origin `Origin` header, against cross-site
                /// request forgery; an [`Authenticator`] may turn this off with
                /// `cross_site_guard`.
            }
        });
    let scheme_list = (!api.security_schemes.is_empty())
        .then(|| crate::docs::doc_lines(&format!("\n{}", scheme_list(api))));
    quote! {
        /// The security schemes of the API and how a held scope grants a required one.
        #scheme_list
        #cookie_note
        pub const SECURITY: Security = Security {
            schemes: &[#(#schemes),*],
            scope_rules: apigen_runtime::ScopeRules::#scope_rules,
        };
    }
}

/// A Markdown list of the schemes: name, label, description and, for OAuth 2.0, each flow with
/// its URLs and scopes.
fn scheme_list(api: &Api) -> String {
    let mut text = String::new();
    for scheme in &api.security_schemes {
        text.push_str(&format!("- `{}` ({})", scheme.name, scheme.wording.label));
        if let Some(description) = scheme.description.as_deref().map(str::trim)
            && !description.is_empty()
        {
            text.push_str(": ");
            text.push_str(&description.replace('\n', "\n  "));
        }
        text.push('\n');
        match &scheme.kind {
            SchemeKind::OAuth2 { flows } => {
                for flow in flows {
                    let mut parts = Vec::new();
                    for (what, url) in [
                        ("authorization", &flow.authorization_url),
                        ("token", &flow.token_url),
                        ("refresh", &flow.refresh_url),
                    ] {
                        if let Some(url) = url {
                            parts.push(format!("{what} `{url}`"));
                        }
                    }
                    let scopes: Vec<String> = flow
                        .scopes
                        .iter()
                        .map(|(name, description)| {
                            let description = description.split_whitespace().collect::<Vec<_>>();
                            if description.is_empty() {
                                format!("`{name}`")
                            } else {
                                format!("`{name}` ({})", description.join(" "))
                            }
                        })
                        .collect();
                    if !scopes.is_empty() {
                        parts.push(format!("scopes {}", scopes.join(", ")));
                    }
                    text.push_str(&format!(
                        "  - `{}` flow: {}\n",
                        flow.kind.as_str(),
                        parts.join("; ")
                    ));
                }
            }
            SchemeKind::OpenIdConnect { url } => {
                text.push_str(&format!("  - discovery at `{url}`\n"));
            }
            _ => {}
        }
    }
    text
}

fn scheme_spec(scheme: &SecurityScheme) -> TokenStream {
    let name = &scheme.name;
    let kind = match &scheme.kind {
        SchemeKind::Bearer { .. } => quote!(Bearer),
        SchemeKind::Basic => quote!(Basic),
        SchemeKind::OtherHttp(auth_scheme) => quote!(Http(#auth_scheme)),
        SchemeKind::OAuth2 { .. } => quote!(OAuth2),
        SchemeKind::OpenIdConnect { .. } => quote!(OpenIdConnect),
        SchemeKind::ApiKey { location, name } => {
            let location = match location {
                ParamLocation::Query => quote!(Query),
                ParamLocation::Cookie => quote!(Cookie),
                ParamLocation::Header | ParamLocation::Path => quote!(Header),
            };
            quote!(ApiKey(KeyLocation::#location(#name)))
        }
    };
    let wording = &scheme.wording;
    let (invalid, missing_scope) = (&wording.invalid, &wording.missing_scope);
    let refused = match &wording.refused {
        Some(detail) => quote!(Some(#detail)),
        None => quote!(None),
    };
    quote! {
        SchemeSpec {
            name: #name,
            kind: SchemeKind::#kind,
            invalid: #invalid,
            missing_scope: #missing_scope,
            refused: #refused,
        }
    }
}

/// The `Access` value of an operation: its alternatives as the spec states them.
pub fn access_tokens(endpoint: &Endpoint) -> TokenStream {
    match &endpoint.auth {
        Auth::Public => quote!(Access::Public),
        Auth::Required(alternatives) => {
            let alternatives = alternatives.iter().map(|alternative| {
                let requirements = alternative.iter().map(|scheme_use| {
                    let scheme = &scheme_use.scheme;
                    let scopes = scheme_use.scopes.iter().map(|scope| &scope.raw);
                    quote!(Requirement { scheme: #scheme, scopes: &[#(#scopes),*] })
                });
                quote!(&[#(#requirements),*])
            });
            quote!(Access::Required(&[#(#alternatives),*]))
        }
    }
}

/// The scheme names of each requirement alternative, for the client's credential choice
/// (`&[&["a"], &["b", "c"]]`).
pub fn scheme_alternatives(endpoint: &Endpoint) -> TokenStream {
    let alternatives = endpoint.auth.alternatives().iter().map(|alternative| {
        let schemes = alternative.iter().map(|scheme_use| &scheme_use.scheme);
        quote!(&[#(#schemes),*])
    });
    quote!(&[#(#alternatives),*])
}

/// The layer giving error answers the body the spec chose, for the end of the router chain;
/// nothing for RFC 9457 problem details (the runtime's default).
pub fn error_body_layer(api: &Api) -> TokenStream {
    match api.security_profile.error_body {
        ErrorBodyStyle::Problem => TokenStream::new(),
        ErrorBodyStyle::Fields => quote! {
            .layer(axum::middleware::map_response(apigen_runtime::server::fields_error_bodies))
        },
    }
}

/// Who may call the operation, in words, for its doc comment.
pub fn access_text(api: &Api, endpoint: &Endpoint) -> String {
    let Auth::Required(alternatives) = &endpoint.auth else {
        return "Authentication: none.".to_owned();
    };
    let words: Vec<String> = alternatives
        .iter()
        .map(|alternative| alternative_words(api, alternative))
        .collect();
    let mut text = format!(
        "Authentication: {}",
        join_or(&words).replace(" or ", "\nor ")
    );
    if alternatives.len() == 1 {
        text.push_str(" only");
    }
    text.push('.');
    let refused: Vec<&str> = api
        .security_schemes
        .iter()
        .filter(|scheme| !accepts(&endpoint.auth, &scheme.name))
        .filter_map(|scheme| {
            scheme
                .wording
                .refused
                .as_ref()
                .map(|_| scheme.wording.label.as_str())
        })
        .collect();
    if !refused.is_empty() {
        text.push_str(&format!("\nRefused: {}.", refused.join(", ")));
    }
    let cookie = alternatives
        .iter()
        .flatten()
        .any(|scheme_use| scheme_of(api, scheme_use).is_some_and(|scheme| scheme.kind.is_cookie()));
    if cookie
        && !matches!(
            endpoint.method,
            Method::Get | Method::Head | Method::Options | Method::Trace
        )
    {
        text.push_str(
            "\nA cookie credential needs a non-form `Content-Type` (such as JSON)\nor a \
             same-origin `Origin` header (cross-site protection).",
        );
    }
    text
}

/// The alternatives joined by "or" (none of them contains the word alone).
fn join_or(words: &[String]) -> String {
    words.join(" or ")
}

fn accepts(auth: &Auth, scheme: &str) -> bool {
    auth.alternatives()
        .iter()
        .flatten()
        .any(|scheme_use| scheme_use.scheme == scheme)
}

fn scheme_of<'a>(api: &'a Api, scheme_use: &SchemeUse) -> Option<&'a SecurityScheme> {
    api.security_schemes
        .iter()
        .find(|scheme| scheme.name == scheme_use.scheme)
}

/// One alternative in words: `` `Name` (label) with scope `a` `` joined by "together with";
/// "no credentials" for the empty alternative.
fn alternative_words(api: &Api, alternative: &[SchemeUse]) -> String {
    if alternative.is_empty() {
        return "no credentials".to_owned();
    }
    let parts: Vec<String> = alternative
        .iter()
        .map(|scheme_use| {
            let label =
                scheme_of(api, scheme_use).map_or("", |scheme| scheme.wording.label.as_str());
            let mut words = format!("`{}` ({label})", scheme_use.scheme);
            let scopes: Vec<String> = scheme_use
                .scopes
                .iter()
                .map(|scope| format!("`{}`", scope.raw))
                .collect();
            match scopes.as_slice() {
                [] => {}
                [one] => words.push_str(&format!(" with scope {one}")),
                [init @ .., last] => {
                    words.push_str(&format!(" with scopes {} and {last}", init.join(", ")))
                }
            }
            words
        })
        .collect();
    parts.join(" together with ")
}

/// A Markdown table of every operation and the credentials it accepts, for the crate README.
pub fn requirements_table(api: &Api) -> String {
    let mut table = String::from("| operation | request | accepted credentials |\n|---|---|---|\n");
    for endpoint in &api.endpoints {
        let access = match &endpoint.auth {
            Auth::Public => "none needed".to_owned(),
            Auth::Required(alternatives) => {
                let words: Vec<String> = alternatives
                    .iter()
                    .map(|alternative| alternative_words(api, alternative))
                    .collect();
                join_or(&words)
            }
        };
        table.push_str(&format!(
            "| `{}` | `{} {}` | {} |\n",
            code_cell(&endpoint.operation_id),
            endpoint.method,
            code_cell(&endpoint.path.raw),
            cell(&access)
        ));
    }
    table
}

/// Text safe inside a Markdown table cell: one line, no cell break, no HTML.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|").replace('<', "&lt;")
}

/// Text safe inside a code span of a Markdown table cell: as [`cell`], and no backtick that
/// could end the span.
fn code_cell(text: &str) -> String {
    cell(&text.replace('`', "'"))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn api(yaml: &str) -> Api {
        let text = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{yaml}");
        apigen_model::load_str(Path::new("t.yaml"), &text)
            .unwrap_or_else(|error| panic!("{error}"))
            .api
    }

    const SPEC: &str = "paths:
  /a:
    post:
      operationId: a|b
      security: [{key: [r, w, x]}, {cookie: [], query: []}, {}]
      responses: {'204': {description: ok}}
  /b:
    get:
      operationId: b
      security: [{cookie: []}]
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    key: {type: http, scheme: bearer, x-apigen-credential: {label: key, refused: No.}}
    cookie: {type: apiKey, in: cookie, name: sid}
    query: {type: apiKey, in: query, name: q}
";

    #[test]
    fn access_text_states_alternatives_scopes_refusals_and_cross_site_rules() {
        let api = api(SPEC);
        assert_eq!(
            access_text(&api, &api.endpoints[0]),
            "Authentication: `key` (key) with scopes `r`, `w` and `x`\n\
             or `cookie` (cookie `sid`) together with `query` (API key in query parameter `q`)\n\
             or no credentials.\n\
             A cookie credential needs a non-form `Content-Type` (such as JSON)\n\
             or a same-origin `Origin` header (cross-site protection)."
        );
        assert_eq!(
            access_text(&api, &api.endpoints[1]),
            "Authentication: `cookie` (cookie `sid`) only.\nRefused: key.",
            "a safe method needs no cross-site note"
        );
    }

    #[test]
    fn requirements_table_has_a_row_per_operation_and_escapes_cells() {
        let api = api(SPEC);
        let table = requirements_table(&api);
        let rows: Vec<&str> = table.lines().collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[3], "| `b` | `GET /b` | `cookie` (cookie `sid`) |");
        assert!(
            rows[2].starts_with("| `a\\|b` | `POST /a` |"),
            "{}",
            rows[2]
        );
    }

    #[test]
    fn the_error_layer_follows_the_profile() {
        let generic = api(SPEC);
        assert!(error_body_layer(&generic).is_empty());
        let fields = api(&format!(
            "x-apigen-security: {{error-body: fields}}\n{SPEC}"
        ));
        assert!(
            error_body_layer(&fields)
                .to_string()
                .contains("fields_error_bodies")
        );
    }
}
