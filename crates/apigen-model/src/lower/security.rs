//! Security schemes, requirements and the document's security profile.
//!
//! Requirements are kept as OpenAPI states them: alternatives (OR) of scheme sets (AND), each
//! scheme with its scopes. Vendor rules (scope grammar, error body, wording) come only from the
//! `x-apigen-security` (document) and `x-apigen-credential` (scheme) extensions.

use indexmap::IndexMap;
use openapiv3::{APIKeyLocation, OAuth2Flows, OpenAPI, SecurityRequirement};
use serde_json::Value;

use super::Lowering;
use crate::ir::{
    Auth, ErrorBodyStyle, OAuthFlow, OAuthFlowKind, ParamLocation, SchemeKind, SchemeUse,
    SchemeWording, Scope, ScopeRules, SecurityProfile, SecurityScheme,
};
use crate::pointer::Pointer;

/// The document extension naming the security profile.
const PROFILE_EXTENSION: &str = "x-apigen-security";
/// The scheme extension wording its credential.
const WORDING_EXTENSION: &str = "x-apigen-credential";

impl<'a> Lowering<'a> {
    /// `components.securitySchemes`, in spec order.
    pub(crate) fn lower_security_schemes(&mut self) -> Vec<SecurityScheme> {
        let components = self.components;
        let base = Pointer::root().join("components").join("securitySchemes");
        let mut schemes = Vec::new();
        for (name, scheme) in &components.security_schemes {
            let pointer = base.join(name);
            let Some(scheme) = self.resolve_component(
                scheme,
                "securitySchemes",
                &components.security_schemes,
                &pointer,
            ) else {
                continue;
            };
            let (kind, description, extensions) = match scheme {
                openapiv3::SecurityScheme::HTTP {
                    scheme,
                    bearer_format,
                    description,
                    extensions,
                } => {
                    let kind = match scheme.to_ascii_lowercase().as_str() {
                        "bearer" => SchemeKind::Bearer {
                            format: bearer_format.clone(),
                        },
                        "basic" => SchemeKind::Basic,
                        _ if is_token(scheme) => SchemeKind::OtherHttp(scheme.clone()),
                        _ => {
                            self.problem(
                                &pointer.join("scheme"),
                                format!("`{scheme}` is not an HTTP authentication scheme name"),
                            );
                            continue;
                        }
                    };
                    (kind, description, extensions)
                }
                openapiv3::SecurityScheme::APIKey {
                    location,
                    name: key_name,
                    description,
                    extensions,
                } => {
                    let location = match location {
                        APIKeyLocation::Query => ParamLocation::Query,
                        APIKeyLocation::Header => ParamLocation::Header,
                        APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    if !is_token(key_name) {
                        self.problem(
                            &pointer.join("name"),
                            format!(
                                "`{key_name}` cannot name an API key header, parameter or cookie"
                            ),
                        );
                        continue;
                    }
                    let kind = SchemeKind::ApiKey {
                        location,
                        name: key_name.clone(),
                    };
                    (kind, description, extensions)
                }
                openapiv3::SecurityScheme::OAuth2 {
                    flows,
                    description,
                    extensions,
                } => {
                    let flows = oauth_flows(flows);
                    if flows.is_empty() {
                        self.problem(&pointer.join("flows"), "an oauth2 scheme declares no flow");
                        continue;
                    }
                    (SchemeKind::OAuth2 { flows }, description, extensions)
                }
                openapiv3::SecurityScheme::OpenIDConnect {
                    open_id_connect_url,
                    description,
                    extensions,
                } => (
                    SchemeKind::OpenIdConnect {
                        url: open_id_connect_url.clone(),
                    },
                    description,
                    extensions,
                ),
            };
            let wording = self.scheme_wording(&kind, extensions, &pointer);
            schemes.push(SecurityScheme {
                name: name.clone(),
                kind,
                description: description.clone(),
                wording,
            });
        }
        schemes
    }

    /// The wording of a scheme: generic defaults, overridden by `x-apigen-credential`.
    fn scheme_wording(
        &mut self,
        kind: &SchemeKind,
        extensions: &IndexMap<String, Value>,
        pointer: &Pointer,
    ) -> SchemeWording {
        let mut wording = SchemeWording {
            label: default_label(kind),
            invalid: "Invalid credentials.".to_owned(),
            missing_scope: "The credential lacks the required scope '{scope}'.".to_owned(),
            refused: None,
        };
        let pointer = pointer.join(WORDING_EXTENSION);
        for (key, value) in self.extension_object(extensions, WORDING_EXTENSION, &pointer) {
            let key_pointer = pointer.join(&key);
            let Some(text) = self.extension_text(&value, &key_pointer) else {
                continue;
            };
            match key.as_str() {
                "label" => wording.label = text,
                "invalid" => wording.invalid = text,
                "missing-scope" => wording.missing_scope = text,
                "refused" => wording.refused = Some(text),
                _ => self.warn(&key_pointer, format!("unknown key `{key}` is ignored")),
            }
        }
        wording
    }

    /// The document's security profile (`x-apigen-security`); generic when absent.
    pub(crate) fn lower_security_profile(&mut self, document: &OpenAPI) -> SecurityProfile {
        let mut profile = SecurityProfile::default();
        let pointer = Pointer::root().join(PROFILE_EXTENSION);
        for (key, value) in self.extension_object(&document.extensions, PROFILE_EXTENSION, &pointer)
        {
            let key_pointer = pointer.join(&key);
            let Some(text) = self.extension_text(&value, &key_pointer) else {
                continue;
            };
            match (key.as_str(), text.as_str()) {
                ("scopes", "exact") => profile.scope_rules = ScopeRules::Exact,
                ("scopes", "object-action") => profile.scope_rules = ScopeRules::ObjectAction,
                ("error-body", "problem") => profile.error_body = ErrorBodyStyle::Problem,
                ("error-body", "fields") => profile.error_body = ErrorBodyStyle::Fields,
                ("scopes", _) => self.problem(
                    &key_pointer,
                    format!("`{text}` is not a scope rule (`exact` or `object-action`)"),
                ),
                ("error-body", _) => self.problem(
                    &key_pointer,
                    format!("`{text}` is not an error body (`problem` or `fields`)"),
                ),
                _ => self.warn(&key_pointer, format!("unknown key `{key}` is ignored")),
            }
        }
        profile
    }

    /// The entries of the object extension `name`; a problem when it is not an object.
    fn extension_object(
        &mut self,
        extensions: &IndexMap<String, Value>,
        name: &str,
        pointer: &Pointer,
    ) -> Vec<(String, Value)> {
        match extensions.get(name) {
            None => Vec::new(),
            Some(Value::Object(entries)) => entries
                .iter()
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
            Some(_) => {
                self.problem(pointer, format!("`{name}` must be an object"));
                Vec::new()
            }
        }
    }

    /// A non-empty single-line string, or a problem.
    fn extension_text(&mut self, value: &Value, pointer: &Pointer) -> Option<String> {
        match value {
            Value::String(text) if !text.trim().is_empty() && !text.contains(['\n', '\r']) => {
                Some(text.trim().to_owned())
            }
            _ => {
                self.problem(pointer, "must be a non-empty single-line string");
                None
            }
        }
    }

    /// The requirement of one operation: its own `security`, else the document's.
    pub(crate) fn lower_auth(
        &mut self,
        requirements: Option<&[SecurityRequirement]>,
        schemes: &[SecurityScheme],
        pointer: &Pointer,
    ) -> Auth {
        let Some(requirements) = requirements else {
            return Auth::Public;
        };
        // `security: []`, or only empty requirement objects: anyone may call.
        if requirements
            .iter()
            .all(|requirement| requirement.is_empty())
        {
            return Auth::Public;
        }
        let mut alternatives = Vec::with_capacity(requirements.len());
        for (index, requirement) in requirements.iter().enumerate() {
            let mut all_of = Vec::with_capacity(requirement.len());
            for (name, scopes) in requirement {
                let scheme_pointer = pointer.join(index.to_string()).join(name);
                let Some(scheme) = schemes.iter().find(|known| known.name == *name) else {
                    self.problem(
                        &scheme_pointer,
                        format!("security scheme `{name}` is not declared in `#/components/securitySchemes`"),
                    );
                    continue;
                };
                self.check_oauth_scopes(scheme, scopes, &scheme_pointer);
                all_of.push(SchemeUse {
                    scheme: name.clone(),
                    scopes: scopes.iter().map(|scope| Scope::parse(scope)).collect(),
                });
            }
            if !alternatives.contains(&all_of) {
                alternatives.push(all_of);
            }
        }
        Auth::Required(alternatives)
    }

    /// Warns about a required OAuth scope that no flow of the scheme offers.
    fn check_oauth_scopes(
        &mut self,
        scheme: &SecurityScheme,
        scopes: &[String],
        pointer: &Pointer,
    ) {
        let SchemeKind::OAuth2 { flows } = &scheme.kind else {
            return;
        };
        for (index, scope) in scopes.iter().enumerate() {
            let offered = flows
                .iter()
                .any(|flow| flow.scopes.iter().any(|(name, _)| name == scope));
            if !offered {
                self.warn(
                    &pointer.join(index.to_string()),
                    format!(
                        "scope `{scope}` is not offered by any flow of `{}`",
                        scheme.name
                    ),
                );
            }
        }
    }
}

/// The flows of an oauth2 scheme, in OpenAPI's order.
fn oauth_flows(flows: &OAuth2Flows) -> Vec<OAuthFlow> {
    let scopes = |scopes: &IndexMap<String, String>| {
        scopes
            .iter()
            .map(|(name, description)| (name.clone(), description.clone()))
            .collect()
    };
    let mut out = Vec::new();
    if let Some(flow) = &flows.implicit {
        out.push(OAuthFlow {
            kind: OAuthFlowKind::Implicit,
            authorization_url: Some(flow.authorization_url.clone()),
            token_url: None,
            refresh_url: flow.refresh_url.clone(),
            scopes: scopes(&flow.scopes),
        });
    }
    if let Some(flow) = &flows.password {
        out.push(OAuthFlow {
            kind: OAuthFlowKind::Password,
            authorization_url: None,
            token_url: Some(flow.token_url.clone()),
            refresh_url: flow.refresh_url.clone(),
            scopes: scopes(&flow.scopes),
        });
    }
    if let Some(flow) = &flows.client_credentials {
        out.push(OAuthFlow {
            kind: OAuthFlowKind::ClientCredentials,
            authorization_url: None,
            token_url: Some(flow.token_url.clone()),
            refresh_url: flow.refresh_url.clone(),
            scopes: scopes(&flow.scopes),
        });
    }
    if let Some(flow) = &flows.authorization_code {
        out.push(OAuthFlow {
            kind: OAuthFlowKind::AuthorizationCode,
            authorization_url: Some(flow.authorization_url.clone()),
            token_url: Some(flow.token_url.clone()),
            refresh_url: flow.refresh_url.clone(),
            scopes: scopes(&flow.scopes),
        });
    }
    out
}

/// What a scheme's credential is called when the spec does not say.
fn default_label(kind: &SchemeKind) -> String {
    match kind {
        SchemeKind::Bearer { .. } => "bearer token".to_owned(),
        SchemeKind::Basic => "HTTP Basic credentials".to_owned(),
        SchemeKind::ApiKey { location, name } => match location {
            ParamLocation::Query => format!("API key in query parameter `{name}`"),
            ParamLocation::Cookie => format!("cookie `{name}`"),
            ParamLocation::Header | ParamLocation::Path => format!("API key in header `{name}`"),
        },
        SchemeKind::OAuth2 { .. } => "OAuth 2.0 access token".to_owned(),
        SchemeKind::OpenIdConnect { .. } => "OpenID Connect token".to_owned(),
        SchemeKind::OtherHttp(scheme) => format!("`{scheme}` credentials"),
    }
}

/// Whether `text` is an HTTP token (RFC 9110 `tchar`s), as header and auth-scheme names must be.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
