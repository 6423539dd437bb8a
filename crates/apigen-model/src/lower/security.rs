//! Security schemes and requirements.

use openapiv3::{APIKeyLocation, SecurityRequirement};

use super::Lowering;
use crate::ir::{Auth, ParamLocation, SchemeKind, SchemeUse, Scope, SecurityScheme};
use crate::pointer::Pointer;

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
            let (kind, description) = match scheme {
                openapiv3::SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => {
                    let kind = match scheme.to_ascii_lowercase().as_str() {
                        "bearer" => SchemeKind::Bearer,
                        "basic" => SchemeKind::Basic,
                        _ => SchemeKind::OtherHttp(scheme.clone()),
                    };
                    (kind, description)
                }
                openapiv3::SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => {
                    let location = match location {
                        APIKeyLocation::Query => ParamLocation::Query,
                        APIKeyLocation::Header => ParamLocation::Header,
                        APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    (
                        SchemeKind::ApiKey {
                            location,
                            name: name.clone(),
                        },
                        description,
                    )
                }
                openapiv3::SecurityScheme::OAuth2 { description, .. } => {
                    (SchemeKind::OAuth2, description)
                }
                openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                    (SchemeKind::OpenIdConnect, description)
                }
            };
            schemes.push(SecurityScheme {
                name: name.clone(),
                kind,
                description: description.clone(),
            });
        }
        schemes
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
        // An empty requirement object (`- {}`) makes credentials optional.
        if requirements.is_empty()
            || requirements
                .iter()
                .any(|requirement| requirement.is_empty())
        {
            return Auth::Public;
        }
        let mut alternatives = Vec::with_capacity(requirements.len());
        for (index, requirement) in requirements.iter().enumerate() {
            let mut all_of = Vec::with_capacity(requirement.len());
            for (scheme, scopes) in requirement {
                if !schemes.iter().any(|known| known.name == *scheme) {
                    self.problem(
                        &pointer.join(index.to_string()).join(scheme),
                        format!("security scheme `{scheme}` is not declared in `#/components/securitySchemes`"),
                    );
                    continue;
                }
                all_of.push(SchemeUse {
                    scheme: scheme.clone(),
                    scopes: scopes.iter().map(|scope| Scope::parse(scope)).collect(),
                });
            }
            alternatives.push(all_of);
        }
        Auth::Required(alternatives)
    }
}
