//! One small spec per construct, asserting the model it lowers to.

use std::path::Path;

use apigen_model::ir::{
    Api, Auth, BodyEncoding, ErrorBodyStyle, Field, OAuthFlowKind, ParamLocation, SchemeKind,
    ScopeRules, SecurityProfile, StatusMatch, TypeDef, TypeKind, TypeRef, UnionKind,
};
use apigen_model::{Loaded, load_str};

fn load(yaml: &str) -> Loaded {
    let text = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{yaml}");
    load_str(Path::new("test.yaml"), &text).unwrap_or_else(|error| panic!("{error}"))
}

fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| {
            let names: Vec<&str> = api.types.iter().map(|d| d.name.as_str()).collect();
            panic!("no type {name} in {names:?}")
        })
}

fn fields(def: &TypeDef) -> &[Field] {
    match &def.kind {
        TypeKind::Struct(s) => &s.fields,
        other => panic!("{} is not a struct: {other:?}", def.name),
    }
}

fn field<'a>(def: &'a TypeDef, wire: &str) -> &'a Field {
    fields(def)
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("{} has no {wire}", def.name))
}

fn named(api: &Api, ty: &TypeRef) -> String {
    match ty.non_null() {
        TypeRef::Named(id) => api.type_def(*id).name.to_string(),
        other => format!("{other:?}"),
    }
}

#[test]
fn all_of_merges_referenced_and_inline_properties() {
    let loaded = load(
        "paths: {}
components:
  schemas:
    Base: {type: object, required: [id], properties: {id: {type: integer}, name: {type: string}}}
    Child:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, required: [extra], properties: {extra: {type: boolean}, name: {type: string, maxLength: 3}}}
",
    );
    let child = def(&loaded.api, "Child");
    let names: Vec<&str> = fields(child).iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(names, ["id", "name", "extra"]);
    assert!(
        field(child, "id").required
            && field(child, "extra").required
            && !field(child, "name").required
    );
    assert_eq!(
        field(child, "name").constraints.max_length,
        Some(3),
        "the later member wins"
    );
}

#[test]
fn one_of_with_discriminator_records_tag_values() {
    let loaded = load(
        "paths: {}
components:
  schemas:
    Cat: {type: object, properties: {kind: {type: string}}}
    Dog: {type: object, properties: {kind: {type: string}}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat'}}
",
    );
    let TypeKind::Union(union) = &def(&loaded.api, "Pet").kind else {
        panic!("Pet is a union")
    };
    assert_eq!(union.kind, UnionKind::OneOf);
    assert_eq!(union.discriminator.as_deref(), Some("kind"));
    let tags: Vec<(&str, Vec<String>)> = union
        .variants
        .iter()
        .map(|v| (v.rust_name.as_str(), v.tag_values.clone()))
        .collect();
    assert_eq!(
        tags,
        [
            ("Cat", vec!["cat".to_owned()]),
            ("Dog", vec!["Dog".to_owned()])
        ]
    );
}

#[test]
fn inline_schemas_are_named_from_their_position() {
    let loaded = load(
        "paths:
  /things:
    post:
      operationId: things_create
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  owner: {type: object, properties: {id: {type: integer}}}
                  tags: {type: array, items: {type: object, properties: {v: {type: string}}}}
                  mode: {type: string, enum: [a, b]}
                  either: {anyOf: [{type: integer}, {type: string, title: Label}]}
",
    );
    let api = &loaded.api;
    let endpoint = &api.endpoints[0];
    assert_eq!(
        named(api, &endpoint.body.as_ref().expect("body").primary.ty),
        "ThingsCreateBody"
    );
    let ok = endpoint.responses[0].body.as_ref().expect("200 body");
    assert_eq!(named(api, &ok.ty), "ThingsCreateOkBody");
    let body = def(api, "ThingsCreateOkBody");
    assert_eq!(
        named(api, &field(body, "owner").ty),
        "ThingsCreateOkBodyOwner"
    );
    let TypeRef::Array(item) = &field(body, "tags").ty else {
        panic!("tags is an array")
    };
    assert_eq!(named(api, item), "ThingsCreateOkBodyTagsItem");
    assert!(matches!(
        def(api, "ThingsCreateOkBodyMode").kind,
        TypeKind::StringEnum(_)
    ));
    let TypeKind::Union(either) = &def(api, "ThingsCreateOkBodyEither").kind else {
        panic!("union")
    };
    let names: Vec<&str> = either
        .variants
        .iter()
        .map(|v| v.rust_name.as_str())
        .collect();
    assert_eq!(names, ["Integer", "Label"]);
    assert_eq!(
        (
            endpoint.response_type.as_str(),
            endpoint.builder_type.as_str()
        ),
        ("ThingsCreateResponse", "ThingsCreateRequest")
    );
}

#[test]
fn nullable_fields_and_nullable_references() {
    let loaded = load(
        "paths: {}
components:
  schemas:
    Team: {type: object, properties: {id: {type: integer}}}
    Mode: {type: string, nullable: true, enum: [a, null]}
    Profile:
      type: object
      required: [team, nick]
      properties:
        nick: {type: string, nullable: true}
        team: {nullable: true, allOf: [{$ref: '#/components/schemas/Team'}]}
        mode: {$ref: '#/components/schemas/Mode'}
        tags: {type: array, items: {type: string, nullable: true}}
",
    );
    let api = &loaded.api;
    let profile = def(api, "Profile");
    assert_eq!(field(profile, "nick").ty, TypeRef::String.nullable());
    assert!(field(profile, "team").ty.is_nullable());
    assert_eq!(named(api, &field(profile, "team").ty), "Team");
    assert!(
        field(profile, "mode").ty.is_nullable(),
        "a reference to a nullable enum is nullable"
    );
    assert_eq!(
        field(profile, "tags").ty,
        TypeRef::Array(Box::new(TypeRef::String.nullable()))
    );
    let TypeKind::StringEnum(values) = &def(api, "Mode").kind else {
        panic!("Mode is an enum")
    };
    assert_eq!(values.len(), 1, "null is not a variant");
}

#[test]
fn recursive_types_are_boxed_and_self_aliases_become_newtypes() {
    let loaded = load(
        "paths: {}
components:
  schemas:
    Node:
      type: object
      properties:
        parent: {$ref: '#/components/schemas/Node'}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        edge: {$ref: '#/components/schemas/Edge'}
    Edge: {type: object, required: [to], properties: {to: {$ref: '#/components/schemas/Node'}}}
    Nested: {type: array, items: {$ref: '#/components/schemas/Nested'}}
",
    );
    let api = &loaded.api;
    let node = def(api, "Node");
    assert!(field(node, "parent").boxed, "direct self reference");
    assert!(!field(node, "children").boxed, "a Vec already indirects");
    assert!(field(node, "edge").boxed, "mutual recursion through Edge");
    assert!(field(def(api, "Edge"), "to").boxed);
    assert!(
        matches!(def(api, "Nested").kind, TypeKind::Newtype { .. }),
        "type Nested = Vec<Nested> cannot be an alias"
    );
}

#[test]
fn enum_values_that_fold_together_stay_distinct() {
    let loaded = load(
        "paths: {}
components:
  schemas:
    Op: {type: string, enum: [add, Add, '+1', '-1', '', type]}
    Level: {type: integer, enum: [1, 8], x-enum-varnames: [Member, Admin]}
    Raw: {type: integer, enum: [-1, 2]}
",
    );
    let api = &loaded.api;
    let TypeKind::StringEnum(op) = &def(api, "Op").kind else {
        panic!("string enum")
    };
    let names: Vec<(&str, &str)> = op
        .iter()
        .map(|v| (v.rust_name.as_str(), v.wire_value.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Add", "add"),
            ("Add2", "Add"),
            ("Plus1", "+1"),
            ("Minus1", "-1"),
            ("Empty", ""),
            ("Type", "type")
        ]
    );
    let TypeKind::IntegerEnum(level) = &def(api, "Level").kind else {
        panic!("integer enum")
    };
    assert_eq!(
        level
            .iter()
            .map(|v| (v.rust_name.as_str(), v.value))
            .collect::<Vec<_>>(),
        [("Member", 1), ("Admin", 8)]
    );
    let TypeKind::IntegerEnum(raw) = &def(api, "Raw").kind else {
        panic!("integer enum")
    };
    assert_eq!(
        raw.iter().map(|v| v.rust_name.as_str()).collect::<Vec<_>>(),
        ["Minus1", "V2"]
    );
}

#[test]
fn reserved_and_colliding_names_are_renamed_deterministically() {
    let loaded = load(
        "paths:
  /a:
    get:
      operationId: pets_list
      parameters:
        - {name: type, in: query, schema: {type: string}}
        - {name: Type, in: query, schema: {type: string}}
        - {name: body, in: query, schema: {type: string}}
      responses: {'204': {description: ok}}
components:
  schemas:
    Error: {type: object, properties: {type: {type: string}, self: {type: string}}}
    PetsListResponse: {type: string}
",
    );
    let api = &loaded.api;
    let error = def(api, "ErrorModel");
    assert_eq!(error.component.as_deref(), Some("Error"));
    assert_eq!(field(error, "type").rust_name, "r#type");
    assert_eq!(field(error, "self").rust_name, "self_");
    let endpoint = &api.endpoints[0];
    assert_eq!(
        endpoint.response_type, "PetsListResponse2",
        "the component keeps its name"
    );
    let params: Vec<&str> = endpoint
        .params
        .iter()
        .map(|p| p.rust_name.as_str())
        .collect();
    assert_eq!(params, ["r#type", "type_2", "body_2"]);
}

#[test]
fn parameters_merge_path_level_and_operation_level() {
    let loaded = load(
        "paths:
  /items/{id}/{rest}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: limit, in: query, schema: {type: integer, default: 10}}
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 50}}
        - {name: X-Trace, in: header, required: true, schema: {type: string}}
        - {name: rest, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
",
    );
    let endpoint = &loaded.api.endpoints[0];
    assert_eq!(
        endpoint.rust_name, "get_items_by_id_by_rest",
        "named from method and path"
    );
    let described: Vec<(&str, ParamLocation)> = endpoint
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.location))
        .collect();
    assert_eq!(
        described,
        [
            ("id", ParamLocation::Path),
            ("limit", ParamLocation::Query),
            ("X-Trace", ParamLocation::Header),
            ("rest", ParamLocation::Path)
        ]
    );
    let limit = &endpoint.params[1];
    assert_eq!(
        (limit.constraints.minimum, limit.constraints.maximum),
        (Some(1.0), Some(50.0)),
        "the operation's definition wins"
    );
}

#[test]
fn security_is_classified_per_operation() {
    let loaded = load(
        "security: [{key: [user:read]}, {session: []}]
paths:
  /default: {get: {responses: {'200': {description: ok}}}}
  /public: {get: {security: [], responses: {'200': {description: ok}}}}
  /session: {get: {security: [{session: []}], responses: {'200': {description: ok}}}}
  /write: {get: {security: [{key: [user:write]}, {session: []}], responses: {'200': {description: ok}}}}
components:
  securitySchemes:
    key: {type: http, scheme: bearer}
    session: {type: apiKey, in: cookie, name: sessionid}
",
    );
    let api = &loaded.api;
    let requirement = |index: usize| -> Vec<Vec<(String, Vec<String>)>> {
        api.endpoints[index]
            .auth
            .alternatives()
            .iter()
            .map(|alternative| {
                alternative
                    .iter()
                    .map(|u| {
                        (
                            u.scheme.clone(),
                            u.scopes.iter().map(|s| s.raw.clone()).collect(),
                        )
                    })
                    .collect()
            })
            .collect()
    };
    let owned = |scheme: &str, scopes: &[&str]| {
        (
            scheme.to_owned(),
            scopes.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        requirement(0),
        [
            vec![owned("key", &["user:read"])],
            vec![owned("session", &[])]
        ],
        "the document's security applies by default"
    );
    assert_eq!(api.endpoints[1].auth, Auth::Public);
    assert_eq!(requirement(2), [vec![owned("session", &[])]]);
    assert_eq!(
        requirement(3),
        [
            vec![owned("key", &["user:write"])],
            vec![owned("session", &[])]
        ]
    );
    assert_eq!(api.security_profile, SecurityProfile::default());
}

#[test]
fn every_scheme_kind_and_and_or_requirements() {
    let loaded = load(
        "paths:
  /and: {get: {security: [{key: [], basic: []}, {oauth: [read]}], responses: {'200': {description: ok}}}}
  /optional: {get: {security: [{}, {oidc: [openid]}], responses: {'200': {description: ok}}}}
  /empty-only: {get: {security: [{}], responses: {'200': {description: ok}}}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    query: {type: apiKey, in: query, name: key}
    cookie: {type: apiKey, in: cookie, name: sid}
    basic: {type: http, scheme: Basic}
    bearer: {type: http, scheme: bearer, bearerFormat: JWT}
    digest: {type: http, scheme: Digest}
    oauth:
      type: oauth2
      flows:
        implicit: {authorizationUrl: 'https://a/auth', scopes: {read: Read}}
        password: {tokenUrl: 'https://a/token', scopes: {}}
        clientCredentials: {tokenUrl: 'https://a/token', refreshUrl: 'https://a/r', scopes: {write: Write}}
        authorizationCode: {authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token', scopes: {read: Read, write: Write}}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://a/.well-known/openid-configuration'}
",
    );
    let api = &loaded.api;
    let kinds: Vec<(&str, &SchemeKind)> = api
        .security_schemes
        .iter()
        .map(|s| (s.name.as_str(), &s.kind))
        .collect();
    assert_eq!(kinds.len(), 8);
    assert!(
        matches!(kinds[0].1, SchemeKind::ApiKey { location: ParamLocation::Header, name } if name == "X-Key")
    );
    assert!(matches!(
        kinds[1].1,
        SchemeKind::ApiKey {
            location: ParamLocation::Query,
            ..
        }
    ));
    assert!(matches!(
        kinds[2].1,
        SchemeKind::ApiKey {
            location: ParamLocation::Cookie,
            ..
        }
    ));
    assert_eq!(
        kinds[3].1,
        &SchemeKind::Basic,
        "scheme names are case-insensitive"
    );
    assert_eq!(
        kinds[4].1,
        &SchemeKind::Bearer {
            format: Some("JWT".into())
        }
    );
    assert_eq!(kinds[5].1, &SchemeKind::OtherHttp("Digest".into()));
    let SchemeKind::OAuth2 { flows } = kinds[6].1 else {
        panic!("oauth2: {:?}", kinds[6]);
    };
    let flow_kinds: Vec<OAuthFlowKind> = flows.iter().map(|f| f.kind).collect();
    assert_eq!(
        flow_kinds,
        [
            OAuthFlowKind::Implicit,
            OAuthFlowKind::Password,
            OAuthFlowKind::ClientCredentials,
            OAuthFlowKind::AuthorizationCode
        ]
    );
    assert_eq!(flows[2].refresh_url.as_deref(), Some("https://a/r"));
    assert_eq!(
        flows[3].scopes,
        [
            ("read".into(), "Read".into()),
            ("write".into(), "Write".into())
        ]
    );
    assert!(
        matches!(kinds[7].1, SchemeKind::OpenIdConnect { url } if url.ends_with("openid-configuration"))
    );
    assert_eq!(
        api.security_schemes[0].wording.label,
        "API key in header `X-Key`"
    );

    let schemes = |index: usize| -> Vec<Vec<&str>> {
        api.endpoints[index]
            .auth
            .alternatives()
            .iter()
            .map(|alternative| alternative.iter().map(|u| u.scheme.as_str()).collect())
            .collect()
    };
    assert_eq!(schemes(0), [vec!["key", "basic"], vec!["oauth"]]);
    assert_eq!(
        schemes(1),
        [vec![], vec!["oidc"]],
        "`{{}}` keeps anonymous callers in"
    );
    assert_eq!(api.endpoints[2].auth, Auth::Public);
    assert!(
        !loaded
            .warnings
            .iter()
            .any(|w| w.message.contains("not offered")),
        "openIdConnect scopes are not declared in the document, so they are not checked: {:?}",
        loaded.warnings
    );
}

#[test]
fn vendor_rules_come_from_extensions() {
    let loaded = load(
        "x-apigen-security: {scopes: object-action, error-body: fields}
paths:
  /a: {get: {security: [{key: [user:read]}], responses: {'200': {description: ok}}}}
components:
  securitySchemes:
    key:
      type: http
      scheme: bearer
      x-apigen-credential: {label: personal API key, invalid: Bad key., missing-scope: 'lacks {scope}', refused: No keys here}
",
    );
    let api = &loaded.api;
    assert_eq!(
        api.security_profile,
        SecurityProfile {
            scope_rules: ScopeRules::ObjectAction,
            error_body: ErrorBodyStyle::Fields
        }
    );
    let wording = &api.security_schemes[0].wording;
    assert_eq!(
        (
            wording.label.as_str(),
            wording.invalid.as_str(),
            wording.missing_scope.as_str(),
            wording.refused.as_deref()
        ),
        (
            "personal API key",
            "Bad key.",
            "lacks {scope}",
            Some("No keys here")
        )
    );
}

#[test]
fn undeclared_oauth_scopes_are_warned() {
    let loaded = load(
        "paths:
  /a: {get: {security: [{oauth: [read, delete]}], responses: {'200': {description: ok}}}}
components:
  securitySchemes:
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://t', scopes: {read: Read}}}}
",
    );
    let warnings: Vec<(&str, &str)> = loaded
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [(
            "#/paths/~1a/get/security/0/oauth/1",
            "scope `delete` is not offered by any flow of `oauth`"
        )]
    );
}

#[test]
fn unknown_security_schemes_are_problems() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a: {get: {security: [{nope: []}], responses: {'200': {description: ok}}}}\n";
    let error = load_str(Path::new("s.yaml"), text).expect_err("refused");
    assert_eq!(
        error.problems()[0].pointer,
        "#/paths/~1a/get/security/0/nope"
    );
}

#[test]
fn responses_cover_codes_ranges_and_default_and_prefer_json() {
    let loaded = load(
        "paths:
  /a:
    post:
      operationId: a
      requestBody:
        content:
          application/xml: {schema: {type: object, properties: {x: {type: string}}}}
          application/json: {schema: {type: object, properties: {x: {type: string}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {type: integer}}}}
        '204': {description: nothing}
        4XX: {description: client, content: {text/plain: {schema: {type: string}}}}
        default: {description: other, content: {application/octet-stream: {}}}
      callbacks:
        done: {'{$request.body#/url}': {post: {responses: {'200': {description: ok}}}}}
",
    );
    let endpoint = &loaded.api.endpoints[0];
    let body = endpoint.body.as_ref().expect("body");
    assert_eq!(body.primary.encoding, BodyEncoding::Json);
    assert_eq!(body.alternatives[0].media_type, "application/xml");
    let summary: Vec<(StatusMatch, &str, Option<BodyEncoding>)> = endpoint
        .responses
        .iter()
        .map(|r| {
            (
                r.status,
                r.variant_name.as_str(),
                r.body.as_ref().map(|b| b.encoding),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (StatusMatch::Code(201), "Created", Some(BodyEncoding::Json)),
            (StatusMatch::Code(204), "NoContent", None),
            (StatusMatch::Range(4), "Status4xx", Some(BodyEncoding::Text)),
            (StatusMatch::Default, "Default", Some(BodyEncoding::Binary)),
        ]
    );
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.pointer == "#/paths/~1a/post/callbacks" && w.message.contains("callbacks"))
    );
}

#[test]
fn integer_bounds_beyond_i64_load() {
    let loaded = load(
        "paths: {}
components:
  schemas:
    Id: {type: integer, minimum: -9223372036854776000, maximum: 9223372036854776000}
    Holder: {type: object, properties: {id: {type: integer, minimum: -9223372036854776000}}}
",
    );
    assert_eq!(
        def(&loaded.api, "Id").kind,
        TypeKind::Alias(TypeRef::Integer(apigen_model::ir::IntegerFormat::I64))
    );
    let minimum = field(def(&loaded.api, "Holder"), "id")
        .constraints
        .minimum
        .expect("kept as a bound");
    assert!(minimum < -9.2e18);
}

/// Pagination is stated in the model: declared by `x-apigen-pagination` (with the page's own
/// property names), inferred from `limit`/`offset` + `results`/`next` with the reason, or off.
#[test]
fn pagination_is_declared_inferred_or_off() {
    use apigen_model::ir::PaginationOrigin;
    let page = "{type: object, required: [results, data], properties: {results: {type: array, items: {type: string}}, data: {type: array, items: {type: integer}}, next: {type: string, nullable: true}, cursor: {type: string}}}";
    let loaded = load(&format!(
        "paths:
  /inferred:
    get:
      parameters: [{{name: limit, in: query, schema: {{type: integer}}}}, {{name: offset, in: query, schema: {{type: integer}}}}]
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Page'}}}}}}}}}}
  /declared:
    get:
      x-apigen-pagination: {{items: data, next: cursor, params: [after]}}
      parameters: [{{name: after, in: query, schema: {{type: string}}}}]
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Page2'}}}}}}}}}}
  /off:
    get:
      x-apigen-pagination: false
      parameters: [{{name: limit, in: query, schema: {{type: integer}}}}, {{name: offset, in: query, schema: {{type: integer}}}}]
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Page'}}}}}}}}}}
  /unpaged:
    get:
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Page'}}}}}}}}}}
components:
  schemas:
    Page: {page}
    Page2: {page}
"
    ));
    let api = &loaded.api;
    let inferred = api.endpoints[0].pagination.as_ref().expect("inferred");
    assert_eq!(api.type_def(inferred.page).name, "Page");
    assert_eq!((inferred.items_field, inferred.next_field), (0, 2));
    assert_eq!(inferred.item, TypeRef::String);
    assert!(inferred.next_optional);
    assert_eq!(inferred.params, ["limit", "offset"]);
    assert!(
        matches!(&inferred.origin, PaginationOrigin::Inferred(reason) if reason.contains("`results`")),
        "{:?}",
        inferred.origin
    );
    let declared = api.endpoints[1].pagination.as_ref().expect("declared");
    assert_eq!(api.type_def(declared.page).name, "Page2");
    assert_eq!((declared.items_field, declared.next_field), (1, 3));
    assert_eq!(
        declared.item,
        TypeRef::Integer(apigen_model::ir::IntegerFormat::I64)
    );
    assert!(declared.next_optional, "`cursor` is optional");
    assert_eq!(declared.params, ["after"]);
    assert_eq!(declared.origin, PaginationOrigin::Declared);
    assert_eq!(api.endpoints[2].pagination, None, "turned off");
    assert_eq!(
        api.endpoints[3].pagination, None,
        "no limit/offset: not guessed"
    );
}

/// Optional nullable properties are tri-state in types requests carry, and only there.
#[test]
fn tristate_fields_are_those_of_request_types() {
    let loaded = load(
        "paths:
  /x:
    patch:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Patch'}}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/View'}}}}}
components:
  schemas:
    Patch: {type: object, required: [id], properties: {id: {type: integer}, note: {type: string, nullable: true}, tag: {type: string}, inner: {$ref: '#/components/schemas/Inner'}}}
    Inner: {type: object, properties: {label: {type: string, nullable: true}}}
    View: {type: object, properties: {note: {type: string, nullable: true}}}
",
    );
    let api = &loaded.api;
    let patch = def(api, "Patch");
    assert!(patch.in_request);
    assert!(patch.is_tristate(field(patch, "note")));
    assert!(!patch.is_tristate(field(patch, "tag")), "not nullable");
    assert!(!patch.is_tristate(field(patch, "id")), "required");
    let inner = def(api, "Inner");
    assert!(
        inner.is_tristate(field(inner, "label")),
        "reached through a property"
    );
    let view = def(api, "View");
    assert!(!view.in_request);
    assert!(
        !view.is_tristate(field(view, "note")),
        "responses keep Option"
    );
}
