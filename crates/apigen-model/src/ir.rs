//! The intermediate model: plain data, independent of `openapiv3` and of `quote`.
//!
//! Every name an emitter needs (types, fields, variants, methods, parameters) is decided here,
//! once, so that all emitters agree.

use std::fmt;

pub use crate::naming::RustIdent;

/// A whole API, lowered and named.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `servers`, with their variables substituted by their defaults.
    pub servers: Vec<Server>,
    /// `components.securitySchemes`, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// The document-wide security rules.
    pub security_profile: SecurityProfile,
    /// Every operation, in spec order (paths, then methods in `PathItem` order).
    pub endpoints: Vec<Endpoint>,
    /// Every named type: components first (spec order), then inline types as discovered.
    pub types: Vec<TypeDef>,
    /// The requests the API sends to its subscribers (OpenAPI 3.1 `webhooks`), in spec order.
    pub webhooks: Vec<Webhook>,
}

/// One operation of an OpenAPI 3.1 `webhooks` entry: a request the API sends, which the
/// subscriber receives.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The key in `webhooks` (`newPet`).
    pub name: String,
    /// The HTTP method the API sends it with.
    pub method: Method,
    /// `operationId`, when declared.
    pub operation_id: Option<String>,
    /// `summary`, `description` and `deprecated`.
    pub docs: Docs,
    /// The payload.
    pub body: Option<RequestBody>,
    /// Where the operation sits in the document.
    pub pointer: String,
}

impl Api {
    /// The type a [`TypeId`] points at.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL with every `{variable}` replaced by its default.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
}

/// An index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// Documentation carried over from the spec.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// `title` or `summary`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// A named Rust type to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust type name (`UpperCamelCase`, unique in the API).
    pub name: RustIdent,
    /// The component name, for types from `components/schemas`.
    pub component: Option<String>,
    /// Where the schema sits in the document (a JSON pointer).
    pub pointer: String,
    /// Documentation.
    pub docs: Docs,
    /// `nullable: true` on the schema itself: every use of the type accepts `null`.
    pub nullable: bool,
    /// Reachable from a request parameter or body: its optional nullable properties are
    /// tri-state (absent, `null`, value) so that a request can send `null` apart from nothing.
    pub in_request: bool,
    /// What the type is.
    pub kind: TypeKind,
}

impl TypeDef {
    /// Whether `field` (of this struct) is tri-state: absent, `null` or a value, each kept apart.
    /// True for optional nullable properties of types that requests carry.
    pub fn is_tristate(&self, field: &Field) -> bool {
        self.in_request && !field.required && field.ty.is_nullable()
    }
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A closed set of strings.
    StringEnum(Vec<StringVariant>),
    /// A closed set of integers, serialised as numbers.
    IntegerEnum(Vec<IntegerVariant>),
    /// `oneOf` / `anyOf`.
    Union(Union),
    /// Another name for a type (`pub type Name = …;`).
    Alias(TypeRef),
    /// A transparent wrapper (`pub struct Name(pub …);`): an alias that refers to itself, which
    /// Rust cannot express as `type`.
    Newtype {
        /// The wrapped type.
        ty: TypeRef,
        /// Needs a `Box` because the wrapper contains itself directly.
        boxed: bool,
    },
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// The properties, in spec order (`allOf` members merged in order).
    pub fields: Vec<Field>,
    /// `additionalProperties` with a schema: the extra keys are kept in a map of this type.
    pub additional: Option<TypeRef>,
    /// `additionalProperties: false`: keys besides the fields are refused.
    pub closed: bool,
}

/// One property of a [`Struct`].
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub wire_name: String,
    /// The Rust field name (may be a raw identifier such as `r#type`).
    pub rust_name: RustIdent,
    /// The value's type; [`TypeRef::Nullable`] when `null` is allowed.
    pub ty: TypeRef,
    /// Listed in `required`, and so a required Rust field (a `readOnly` field of a type a
    /// request body reaches, or a `writeOnly` one of a type a response reaches, is not).
    pub required: bool,
    /// Listed in `required` and not `readOnly`: a request body must carry it.
    pub required_in_requests: bool,
    /// `readOnly: true`: sent by the server only.
    pub read_only: bool,
    /// `writeOnly: true`: sent by the client only.
    pub write_only: bool,
    /// Needs a `Box` because the type contains itself through this field.
    pub boxed: bool,
    /// `default`.
    pub default: Option<serde_json::Value>,
    /// Limits the server checks.
    pub constraints: Constraints,
    /// Documentation.
    pub docs: Docs,
}

/// Validation keywords that serde does not check by itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `minimum` (inclusive unless `exclusive_minimum`).
    pub minimum: Option<f64>,
    /// `maximum` (inclusive unless `exclusive_maximum`).
    pub maximum: Option<f64>,
    /// `exclusiveMinimum: true`.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum: true`.
    pub exclusive_maximum: bool,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// A string `format` the type does not already carry (`email`, `uri`, `ipv4`, …).
    pub format: Option<String>,
    /// The constraints of an array's inline `items` schema, when it has any.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    /// True when there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StringVariant {
    /// The string on the wire.
    pub wire_value: String,
    /// The Rust variant name.
    pub rust_name: RustIdent,
    /// `x-enum-descriptions`, when given.
    pub description: Option<String>,
}

/// One value of an integer enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IntegerVariant {
    /// The number on the wire.
    pub value: i64,
    /// The Rust variant name (`x-enum-varnames`, or derived from the value).
    pub rust_name: RustIdent,
    /// `x-enum-descriptions`, when given.
    pub description: Option<String>,
}

/// `oneOf` or `anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// `oneOf` (exactly one) or `anyOf` (at least one).
    pub kind: UnionKind,
    /// The alternatives, in spec order.
    pub variants: Vec<UnionVariant>,
    /// `discriminator.propertyName`, when the spec names one.
    pub discriminator: Option<String>,
}

/// Which composition keyword produced a [`Union`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionKind {
    /// `oneOf`.
    OneOf,
    /// `anyOf`.
    AnyOf,
}

/// One alternative of a [`Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: RustIdent,
    /// The alternative's type.
    pub ty: TypeRef,
    /// A single-value string alternative (`enum: ['@me']`): the variant carries no value and
    /// stands for this string.
    pub constant: Option<String>,
    /// The alternative's `description`, when inline.
    pub description: Option<String>,
    /// The discriminator values that select this variant (empty without a discriminator).
    pub tag_values: Vec<String>,
    /// Needs a `Box` because the union contains itself through this variant.
    pub boxed: bool,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// `string` without a special format.
    String,
    /// `string` + `format: uuid`.
    Uuid,
    /// `string` + `format: date-time`.
    DateTime,
    /// `string` + `format: date`.
    Date,
    /// `string` + `format: binary`, or a non-text media type: raw bytes.
    Bytes,
    /// `integer`.
    Integer(IntegerFormat),
    /// `number`.
    Number(NumberFormat),
    /// `boolean`.
    Boolean,
    /// A schema with no constraint at all: any JSON value.
    Json,
    /// `array`.
    Array(Box<TypeRef>),
    /// An object with only `additionalProperties`: a map from strings.
    Map(Box<TypeRef>),
    /// A named type.
    Named(TypeId),
    /// `nullable: true` around another type.
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// Wraps `self` in [`TypeRef::Nullable`] unless it already is.
    pub fn nullable(self) -> TypeRef {
        match self {
            TypeRef::Nullable(_) => self,
            other => TypeRef::Nullable(Box::new(other)),
        }
    }

    /// The type without its outer [`TypeRef::Nullable`].
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable(inner) => inner,
            other => other,
        }
    }

    /// True for [`TypeRef::Nullable`].
    pub fn is_nullable(&self) -> bool {
        matches!(self, TypeRef::Nullable(_))
    }
}

/// The Rust width of an `integer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerFormat {
    /// `int32`.
    I32,
    /// `int64` or no format.
    I64,
}

/// The Rust width of a `number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    /// `float`.
    F32,
    /// `double` or no format.
    F64,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
    /// OPTIONS.
    Options,
    /// HEAD.
    Head,
    /// PATCH.
    Patch,
    /// TRACE.
    Trace,
}

impl Method {
    /// The method as written on the wire (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A path template parsed into its pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The template as written (`/api/users/{uuid}/`).
    pub raw: String,
    /// Literal text and parameters, in order.
    pub segments: Vec<PathSegment>,
}

/// One piece of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text matched as is.
    Literal(String),
    /// `{name}`: a path parameter.
    Param(String),
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// `operationId`, or one derived from method and path.
    pub operation_id: String,
    /// The Rust method name (`snake_case`), unique in the API.
    pub rust_name: RustIdent,
    /// The prefix of this operation's type names (`UpperCamelCase`).
    pub type_prefix: String,
    /// The name of the operation's response enum (`UsersListResponse`).
    pub response_type: RustIdent,
    /// The name of the struct of its query parameters (`UsersListQuery`), when it has any.
    pub query_type: Option<RustIdent>,
    /// The name of the client's request builder (`UsersListRequest`).
    pub builder_type: RustIdent,
    /// The name of the client's enum of documented error responses (`UsersListError`).
    pub error_type: RustIdent,
    /// The HTTP method.
    pub method: Method,
    /// The path template.
    pub path: PathTemplate,
    /// `summary` and `description`, and `deprecated`.
    pub docs: Docs,
    /// `tags`.
    pub tags: Vec<String>,
    /// Path, query, header and cookie parameters (path-level ones merged in).
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// The documented responses, in spec order (`default` last).
    pub responses: Vec<Response>,
    /// Who may call the operation.
    pub auth: Auth,
    /// How the operation's list is paged, when it is.
    pub pagination: Option<Pagination>,
    /// Where the operation sits in the document.
    pub pointer: String,
}

/// A paged list: each success body is a page of a struct type holding the items and a link to
/// the next page, which the client follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The page type (a struct).
    pub page: TypeId,
    /// The index, in the page struct's fields, of the array of items.
    pub items_field: usize,
    /// The index, in the page struct's fields, of the next page's URL (a string; absent or
    /// `null` on the last page).
    pub next_field: usize,
    /// The type of one item.
    pub item: TypeRef,
    /// Whether the next link may be absent or `null` (else a last page has an empty string).
    pub next_optional: bool,
    /// The query parameters that select a page (`limit`, `offset`), by wire name.
    pub params: Vec<String>,
    /// Why the operation is paged.
    pub origin: PaginationOrigin,
}

/// Where a [`Pagination`] comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaginationOrigin {
    /// The operation's `x-apigen-pagination` extension.
    Declared,
    /// Inferred from the operation's shape; the text says from what.
    Inferred(String),
}

impl Endpoint {
    /// The success responses, when the operation has one (`None` when every documented
    /// response is an error, or only `default` is documented: then every response is a result).
    pub fn has_success(&self) -> bool {
        self.responses.iter().any(|r| r.status.is_success())
    }

    /// The documented error responses the client reports as errors: every non-2xx response
    /// (ranges and `default` included) of an operation that documents a success, none otherwise.
    pub fn error_responses(&self) -> impl Iterator<Item = &Response> {
        let has_success = self.has_success();
        self.responses
            .iter()
            .filter(move |r| has_success && !r.status.is_success())
    }

    /// The parameters found in `location`, in order.
    pub fn params_in(&self, location: ParamLocation) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(move |p| p.location == location)
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In a cookie.
    Cookie,
}

/// How an array or object parameter is serialised (`style` + `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form` (query and cookie default).
    Form,
    /// `simple` (path and header default).
    Simple,
    /// `label`.
    Label,
    /// `matrix`.
    Matrix,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust name (`snake_case`), unique among the operation's parameters.
    pub rust_name: RustIdent,
    /// Where it travels.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// `required` (always true for path parameters).
    pub required: bool,
    /// `default`.
    pub default: Option<serde_json::Value>,
    /// `style`.
    pub style: ParamStyle,
    /// `explode` (defaulted per style).
    pub explode: bool,
    /// Limits the server checks.
    pub constraints: Constraints,
    /// Documentation.
    pub docs: Docs,
}

/// How a body is encoded, derived from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json` and `*+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*` (but `text/event-stream`).
    Text,
    /// `text/event-stream`: server-sent events, whose data has the content's type.
    EventStream,
    /// Anything else: raw bytes.
    Binary,
}

impl BodyEncoding {
    /// True when the body is read and written as a stream, never held whole: server-sent
    /// events, and raw bytes in a response.
    pub fn streams(self) -> bool {
        matches!(self, BodyEncoding::EventStream | BodyEncoding::Binary)
    }
}

/// One media type of a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// The media type as written (`application/json`).
    pub media_type: String,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// The body's type (for server-sent events, the type of each event's data).
    pub ty: TypeRef,
    /// How each property of a form or multipart object body is written, in property order
    /// (empty for other bodies).
    pub fields: Vec<FieldEncoding>,
}

/// How one property of a form or multipart body is written: the spec's `encoding` entry for
/// it, or the defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldEncoding {
    /// The property's name on the wire.
    pub wire_name: String,
    /// The struct field that holds it.
    pub rust_name: RustIdent,
    /// The property's type.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `style` (form bodies): [`ParamStyle::Form`], [`ParamStyle::SpaceDelimited`],
    /// [`ParamStyle::PipeDelimited`] or [`ParamStyle::DeepObject`].
    pub style: ParamStyle,
    /// `explode` (defaulted per style).
    pub explode: bool,
    /// `contentType`, when the encoding entry names one.
    pub content_type: Option<String>,
    /// How the property travels in a multipart body.
    pub part: PartKind,
    /// The property's documentation.
    pub docs: Docs,
}

/// How a property travels in a `multipart/form-data` body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A text part (strings, numbers, booleans; arrays of them as repeated parts).
    Text,
    /// A part holding JSON (objects, arrays of objects, or a JSON `contentType`).
    Json,
    /// A file part (`format: binary`).
    File,
    /// Repeated file parts (an array of `format: binary`).
    Files,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// `required`.
    pub required: bool,
    /// The media type the client sends and the server reads.
    pub primary: Content,
    /// The other media types the spec lists, in spec order.
    pub alternatives: Vec<Content>,
    /// `description`.
    pub description: Option<String>,
    /// The struct of typed parts (files as file parts) the client sends and the server
    /// receives, when the primary media type is `multipart/form-data` with an object schema.
    pub parts_type: Option<RustIdent>,
}

impl RequestBody {
    /// True when the server reads `alternative` (one of [`RequestBody::alternatives`]) into
    /// the primary body's type: JSON, form and multipart bodies read into one another (unless
    /// the primary body is a struct of typed parts); text and bytes stand only for themselves.
    pub fn reads_alternative(&self, alternative: &Content) -> bool {
        let structured = |content: &Content| {
            matches!(
                content.encoding,
                BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart
            )
        };
        self.parts_type.is_none() && structured(&self.primary) && structured(alternative)
    }
}

/// Which status codes a [`Response`] covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// `2XX` and the like: the first digit.
    Range(u16),
    /// `default`: every status not listed.
    Default,
}

impl StatusMatch {
    /// True for 2xx codes and the `2XX` range.
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(first) => first == 2,
            StatusMatch::Default => false,
        }
    }
}

impl fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusMatch::Code(code) => write!(f, "{code}"),
            StatusMatch::Range(first) => write!(f, "{first}XX"),
            StatusMatch::Default => f.write_str("default"),
        }
    }
}

/// One documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status codes it covers.
    pub status: StatusMatch,
    /// The variant name in the operation's response enum (`Ok`, `NotFound`, `Status418`).
    pub variant_name: RustIdent,
    /// `description`.
    pub description: String,
    /// The body, or `None` for an empty response.
    pub body: Option<Content>,
    /// The other media types the spec lists.
    pub alternatives: Vec<Content>,
}

/// A security scheme from `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key in `securitySchemes`.
    pub name: String,
    /// What the scheme is.
    pub kind: SchemeKind,
    /// `description`.
    pub description: Option<String>,
    /// How the generated crate speaks of the scheme's credential (`x-apigen-credential`).
    pub wording: SchemeWording,
}

/// The kind of a [`SecurityScheme`].
#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// `type: http, scheme: bearer`: `Authorization: Bearer <token>`.
    Bearer {
        /// `bearerFormat`, a hint about the token.
        format: Option<String>,
    },
    /// `type: http, scheme: basic`: `Authorization: Basic <base64 user:password>`.
    Basic,
    /// `type: apiKey`: a named header, query parameter or cookie.
    ApiKey {
        /// Where the key travels.
        location: ParamLocation,
        /// The header, parameter or cookie name.
        name: String,
    },
    /// `type: oauth2`: an access token sent as `Authorization: Bearer <token>`.
    OAuth2 {
        /// The flows declared, in the order implicit, password, clientCredentials,
        /// authorizationCode.
        flows: Vec<OAuthFlow>,
    },
    /// `type: openIdConnect`: an ID or access token sent as `Authorization: Bearer <token>`.
    OpenIdConnect {
        /// `openIdConnectUrl`, the discovery document.
        url: String,
    },
    /// Any other `type: http` scheme: `Authorization: <scheme> <credentials>`.
    OtherHttp(String),
}

impl SchemeKind {
    /// Whether the credential travels in a cookie (and so needs cross-site protection).
    pub fn is_cookie(&self) -> bool {
        matches!(
            self,
            SchemeKind::ApiKey {
                location: ParamLocation::Cookie,
                ..
            }
        )
    }
}

/// One OAuth 2.0 flow of an `oauth2` scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthFlow {
    /// Which flow.
    pub kind: OAuthFlowKind,
    /// `authorizationUrl` (implicit and authorization code flows).
    pub authorization_url: Option<String>,
    /// `tokenUrl` (password, client credentials and authorization code flows).
    pub token_url: Option<String>,
    /// `refreshUrl`.
    pub refresh_url: Option<String>,
    /// The scopes the flow offers, with their descriptions, in spec order.
    pub scopes: Vec<(String, String)>,
}

/// The four OAuth 2.0 flows of OpenAPI 3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthFlowKind {
    /// `implicit`.
    Implicit,
    /// `password` (resource owner password credentials).
    Password,
    /// `clientCredentials`.
    ClientCredentials,
    /// `authorizationCode`.
    AuthorizationCode,
}

impl OAuthFlowKind {
    /// The flow's key in `flows`.
    pub fn as_str(self) -> &'static str {
        match self {
            OAuthFlowKind::Implicit => "implicit",
            OAuthFlowKind::Password => "password",
            OAuthFlowKind::ClientCredentials => "clientCredentials",
            OAuthFlowKind::AuthorizationCode => "authorizationCode",
        }
    }
}

/// How the generated crate names a scheme's credential and words its refusals; each text has a
/// generic default and may be set by the scheme's `x-apigen-credential` extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeWording {
    /// What the credential is called in docs (`bearer token`, `API key \`X-Key\` header`).
    pub label: String,
    /// The 401 detail when the credential is not valid.
    pub invalid: String,
    /// The 403 detail when the credential lacks a scope; `{scope}` stands for the scope.
    pub missing_scope: String,
    /// When set, a valid credential of this scheme sent to an operation that does not accept the
    /// scheme is refused with 403 and this detail (instead of being ignored).
    pub refused: Option<String>,
}

/// A permission named in a requirement: an OAuth scope, or under the object-action rules
/// `user:read`, `user:*` or `*`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scope {
    /// The scope as written.
    pub raw: String,
}

impl Scope {
    /// The scope as written in the spec.
    pub fn parse(raw: &str) -> Scope {
        Scope {
            raw: raw.to_owned(),
        }
    }
}

/// One scheme of a requirement, with the scopes its credential must grant.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemeUse {
    /// The scheme's name in `securitySchemes`.
    pub scheme: String,
    /// The scopes the credential must grant.
    pub scopes: Vec<Scope>,
}

/// Who may call an operation, as OpenAPI states it.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// No credentials needed (`security: []`, `security: [{}]`, or none declared anywhere).
    Public,
    /// Any one of these alternatives (OR), each a set of schemes that must all be satisfied
    /// (AND). An empty alternative (`{}` next to others) lets anonymous callers in.
    Required(Vec<Vec<SchemeUse>>),
}

impl Auth {
    /// The alternatives; empty for a public operation.
    pub fn alternatives(&self) -> &[Vec<SchemeUse>] {
        match self {
            Auth::Public => &[],
            Auth::Required(alternatives) => alternatives,
        }
    }
}

/// The document-wide security rules (`x-apigen-security` at the document root).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityProfile {
    /// How a held scope grants a required one.
    pub scope_rules: ScopeRules,
    /// The body of error answers.
    pub error_body: ErrorBodyStyle,
}

/// How a held scope grants a required one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ScopeRules {
    /// A scope grants only itself (OAuth 2.0 scopes are opaque strings).
    #[default]
    Exact,
    /// `object:action` scopes: `*` grants everything, `object:*` every action on the object,
    /// `object:write` grants `object:read` (`x-apigen-security: {scopes: object-action}`).
    ObjectAction,
}

/// The body of error answers of the generated server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ErrorBodyStyle {
    /// RFC 9457 problem details (`application/problem+json`).
    #[default]
    Problem,
    /// `{"type", "code", "detail", "attr"}` JSON (`x-apigen-security: {error-body: fields}`).
    Fields,
}

/// Something in the document that was skipped or approximated, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// A JSON pointer into the document.
    pub pointer: String,
    /// What was skipped and why.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Which named types (by index into `types`) the uses in `roots` reach, through fields,
/// additional properties, items, union variants and aliases; iterative, so recursive types are
/// fine, and a `TypeId` outside `types` is ignored.
pub fn reachable_types<'a>(
    types: &'a [TypeDef],
    roots: impl IntoIterator<Item = &'a TypeRef>,
) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut stack: Vec<&TypeRef> = roots.into_iter().collect();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                stack.push(inner)
            }
            TypeRef::Named(TypeId(index)) => {
                let (Some(def), Some(slot)) = (types.get(*index), seen.get_mut(*index)) else {
                    continue;
                };
                if std::mem::replace(slot, true) {
                    continue;
                }
                match &def.kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|field| &field.ty));
                        stack.extend(s.additional.iter());
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(inner) | TypeKind::Newtype { ty: inner, .. } => {
                        stack.push(inner)
                    }
                    TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
                }
            }
            _ => {}
        }
    }
    seen
}
