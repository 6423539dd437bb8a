//! Paths and operations → endpoints.

use std::collections::BTreeMap;

use openapiv3::{
    MediaType, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    StatusCode,
};

use super::Lowering;
use super::schema::{SchemaUse, constraints_of};
use crate::ir::{
    BodyEncoding, Content, Docs, Endpoint, Method, Param, ParamLocation, ParamStyle, PathSegment,
    RequestBody, Response, SecurityScheme, StatusMatch, TypeRef,
};
use crate::naming::{
    Claimed, Namespace, RESERVED_LOCAL_NAMES, RESERVED_LOCAL_SUFFIX, RESERVED_METHOD_NAMES,
    RESERVED_PARAM_NAMES, RustIdent, ident_or_type_name, type_name, value_name,
};
use crate::path_template::parse_path_template;
use crate::pointer::Pointer;

const METHODS: [(&str, Method); 8] = [
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
    ("trace", Method::Trace),
];

pub(super) fn operations_of(
    item: &PathItem,
) -> impl Iterator<Item = (&'static str, Method, &Operation)> {
    let slots = [
        &item.get,
        &item.put,
        &item.post,
        &item.delete,
        &item.options,
        &item.head,
        &item.patch,
        &item.trace,
    ];
    METHODS
        .into_iter()
        .zip(slots)
        .filter_map(|((key, method), slot)| slot.as_ref().map(|operation| (key, method, operation)))
}

/// The operation's name when it has no `operationId`: method and path (`get /pets/{id}` →
/// `get_pets_by_id`).
fn derived_operation_id(method: Method, path: &str) -> String {
    let mut words = vec![method.as_str().to_ascii_lowercase()];
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => words.push(format!("by_{param}")),
            None => words.push(segment.to_owned()),
        }
    }
    value_name(&words.join("_")).name().to_owned()
}

/// The variant name for a status in an operation's response enum.
fn status_variant_name(status: StatusMatch) -> RustIdent {
    let reason = match status {
        StatusMatch::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            206 => "PartialContent",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            423 => "Locked",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            code => return ident_or_type_name(&format!("Status{code}")),
        },
        StatusMatch::Range(first) => return ident_or_type_name(&format!("Status{first}xx")),
        StatusMatch::Default => "Default",
    };
    ident_or_type_name(reason)
}

/// A parameter's name: query parameters only avoid the names every parameter avoids; the others
/// become locals and builder fields, so they also avoid the generated code's locals.
fn claim_param(namespace: &mut Namespace, location: ParamLocation, wire_name: &str) -> Claimed {
    let wanted = value_name(wire_name);
    if location == ParamLocation::Query {
        namespace.claim_reporting(wanted)
    } else {
        namespace.claim_avoiding(wanted, RESERVED_LOCAL_NAMES, Some(RESERVED_LOCAL_SUFFIX))
    }
}

/// How a media type is encoded.
pub(crate) fn encoding_of(media_type: &str) -> BodyEncoding {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        BodyEncoding::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if essence == "multipart/form-data" || essence.starts_with("multipart/") {
        BodyEncoding::Multipart
    } else if essence == "text/event-stream" {
        BodyEncoding::EventStream
    } else if essence.starts_with("text/") {
        BodyEncoding::Text
    } else {
        BodyEncoding::Binary
    }
}

/// The order in which media types are preferred as an operation's primary body.
fn preference(encoding: BodyEncoding) -> u8 {
    match encoding {
        BodyEncoding::Json => 0,
        BodyEncoding::Form => 1,
        BodyEncoding::Multipart => 2,
        BodyEncoding::Text => 3,
        BodyEncoding::EventStream => 4,
        BodyEncoding::Binary => 5,
    }
}

impl<'a> Lowering<'a> {
    /// Every operation of every path, in spec order.
    pub(crate) fn lower_paths(
        &mut self,
        document: &'a OpenAPI,
        schemes: &[SecurityScheme],
    ) -> Vec<Endpoint> {
        let mut method_names = Namespace::with_reserved(RESERVED_METHOD_NAMES);
        let mut declared_ids: std::collections::HashMap<String, Pointer> =
            std::collections::HashMap::new();
        let mut endpoints = Vec::new();
        let mut routes: BTreeMap<(String, Method), Pointer> = BTreeMap::new();
        let paths = Pointer::root().join("paths");
        for (path, item) in &document.paths.paths {
            let path_pointer = paths.join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.problem(
                        &path_pointer,
                        format!("path item references (`$ref: {reference}`) are not supported"),
                    );
                    continue;
                }
            };
            let template = match parse_path_template(path) {
                Ok(template) => template,
                Err(message) => {
                    self.problem(&path_pointer, format!("malformed path template: {message}"));
                    continue;
                }
            };
            for (key, method, operation) in operations_of(item) {
                let pointer = path_pointer.join(key);
                if let Some(earlier) =
                    routes.insert((template.route_key(), method), pointer.clone())
                {
                    let message = format!(
                        "`{method} {path}` is the same route as `{}` (templates that differ only \
                         in capture names or percent-encoding are identical)",
                        earlier.as_str()
                    );
                    self.problem(&pointer, message);
                }
                let declared = operation
                    .operation_id
                    .clone()
                    .filter(|id| !id.trim().is_empty());
                if declared.is_none() && operation.operation_id.is_some() {
                    self.warn(
                        &pointer.join("operationId"),
                        "the operationId is blank: the operation is named from its method and path",
                    );
                }
                let operation_id = declared
                    .clone()
                    .unwrap_or_else(|| derived_operation_id(method, path));
                let claimed = method_names.claim_reporting(value_name(&operation_id));
                let rust_name = match declared.as_ref().and_then(|id| declared_ids.get(id)) {
                    Some(first) => {
                        let first = first.as_str().to_owned();
                        self.lossy(
                            &pointer.join("operationId"),
                            format!(
                                "operationId `{operation_id}` is also the operationId of {first}: this operation's method would be named `{}`",
                                claimed.ident
                            ),
                        );
                        claimed.ident
                    }
                    None => {
                        if let Some(id) = declared {
                            declared_ids.insert(id, pointer.clone());
                        }
                        self.named(
                            &pointer,
                            &format!("the method of operation `{operation_id}`"),
                            claimed,
                        )
                    }
                };
                let type_prefix = type_name(&operation_id);
                let response_type = self.operation_type(&type_prefix, "Response", &pointer);
                let builder_type = self.operation_type(&type_prefix, "Request", &pointer);
                let error_type = self.operation_type(&type_prefix, "Error", &pointer);
                let has_query =
                    item.parameters
                        .iter()
                        .chain(&operation.parameters)
                        .any(|parameter| {
                            matches!(
                                parameter,
                                ReferenceOr::Reference { .. }
                                    | ReferenceOr::Item(Parameter::Query { .. })
                            )
                        });
                let query_type =
                    has_query.then(|| self.operation_type(&type_prefix, "Query", &pointer));
                let type_prefix = type_prefix.to_string();
                let params = self.lower_params(
                    (&item.parameters, &path_pointer),
                    (&operation.parameters, &pointer),
                    &template,
                    &type_prefix,
                );
                let body = operation.request_body.as_ref().and_then(|body| {
                    self.lower_request_body(body, &type_prefix, &pointer.join("requestBody"))
                });
                let responses =
                    self.lower_responses(operation, &type_prefix, &pointer.join("responses"));
                let security = operation
                    .security
                    .as_deref()
                    .or(document.security.as_deref());
                let security_pointer = if operation.security.is_some() {
                    pointer.join("security")
                } else {
                    Pointer::root().join("security")
                };
                let auth = self.lower_auth(security, schemes, &security_pointer);
                let pagination = self.lower_pagination(operation, &params, &responses, &pointer);
                if !operation.callbacks.is_empty() {
                    self.warn(
                        &pointer.join("callbacks"),
                        "callbacks are not generated: implement the callback receiver by hand",
                    );
                }
                let query_type = query_type
                    .filter(|_| params.iter().any(|p| p.location == ParamLocation::Query));
                endpoints.push(Endpoint {
                    operation_id,
                    rust_name,
                    type_prefix,
                    response_type,
                    query_type,
                    builder_type,
                    error_type,
                    method,
                    path: template.clone(),
                    docs: Docs {
                        title: operation.summary.clone(),
                        description: operation.description.clone(),
                        deprecated: operation.deprecated,
                    },
                    tags: operation.tags.clone(),
                    params,
                    body,
                    responses,
                    auth,
                    pagination,
                    pointer: pointer.into_string(),
                });
            }
        }
        endpoints
    }

    /// The name of one of an operation's types (`{prefix}Response`), made unique with a warning.
    pub(super) fn operation_type(
        &mut self,
        prefix: &RustIdent,
        suffix: &str,
        pointer: &Pointer,
    ) -> RustIdent {
        let claimed = self.type_names.claim_type(prefix.with_suffix(suffix));
        self.named(
            pointer,
            &format!("the {} type of this operation", suffix.to_ascii_lowercase()),
            claimed,
        )
    }

    /// Path-level and operation-level parameters merged (the operation's win), checked against
    /// the path template.
    fn lower_params(
        &mut self,
        (path_level, path_pointer): (&'a [ReferenceOr<Parameter>], &Pointer),
        (operation_level, pointer): (&'a [ReferenceOr<Parameter>], &Pointer),
        template: &crate::ir::PathTemplate,
        type_prefix: &str,
    ) -> Vec<Param> {
        let components = self.components;
        let mut merged: Vec<(&'a Parameter, Pointer)> = Vec::new();
        let levels = [
            (path_level, path_pointer.join("parameters")),
            (operation_level, pointer.join("parameters")),
        ];
        for (list, base) in levels {
            for (index, parameter) in list.iter().enumerate() {
                let item_pointer = base.join(index.to_string());
                let Some(parameter) = self.resolve_component(
                    parameter,
                    "parameters",
                    &components.parameters,
                    &item_pointer,
                ) else {
                    continue;
                };
                let data = parameter.parameter_data_ref();
                let same = |(existing, _): &(&Parameter, Pointer)| {
                    existing.parameter_data_ref().name == data.name
                        && std::mem::discriminant(*existing) == std::mem::discriminant(parameter)
                };
                match merged.iter().position(same) {
                    Some(position) => merged[position] = (parameter, item_pointer),
                    None => merged.push((parameter, item_pointer)),
                }
            }
        }
        let mut namespace = Namespace::with_reserved(RESERVED_PARAM_NAMES);
        let mut params = Vec::with_capacity(merged.len());
        for (parameter, item_pointer) in merged {
            let data = parameter.parameter_data_ref();
            let (location, style, explode_default) = match parameter {
                Parameter::Path { style, .. } => (
                    ParamLocation::Path,
                    match style {
                        openapiv3::PathStyle::Simple => ParamStyle::Simple,
                        openapiv3::PathStyle::Label => ParamStyle::Label,
                        openapiv3::PathStyle::Matrix => ParamStyle::Matrix,
                    },
                    false,
                ),
                Parameter::Query { style, .. } => (
                    ParamLocation::Query,
                    match style {
                        openapiv3::QueryStyle::Form => ParamStyle::Form,
                        openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                        openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                        openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
                    },
                    true,
                ),
                Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple, false),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form, true),
            };
            if location == ParamLocation::Path
                && !template.param_names().any(|name| name == data.name)
            {
                self.problem(
                    &item_pointer,
                    format!(
                        "path parameter `{}` does not appear in the path template `{}`",
                        data.name, template.raw
                    ),
                );
                continue;
            }
            let hint = format!("{type_prefix}{}", type_name(&data.name));
            let (ty, default, constraints) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let ty = self.lower_use(
                        SchemaUse::from(schema),
                        &hint,
                        &item_pointer.join("schema"),
                    );
                    match schema {
                        ReferenceOr::Item(schema) => (
                            ty,
                            schema.schema_data.default.clone(),
                            constraints_of(schema),
                        ),
                        ReferenceOr::Reference { .. } => (ty, None, Default::default()),
                    }
                }
                ParameterSchemaOrContent::Content(content) => {
                    let ty = match content.first() {
                        Some((media_type, media)) => match &media.schema {
                            Some(schema) => self.lower_use(
                                SchemaUse::from(schema),
                                &hint,
                                &item_pointer.join("content").join(media_type).join("schema"),
                            ),
                            None => TypeRef::String,
                        },
                        None => TypeRef::String,
                    };
                    (ty, None, Default::default())
                }
            };
            let rust_name = self.named(
                &item_pointer,
                &format!("parameter `{}`", data.name),
                claim_param(&mut namespace, location, &data.name),
            );
            params.push(Param {
                wire_name: data.name.clone(),
                rust_name,
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                default,
                style,
                explode: data.explode.unwrap_or(explode_default),
                constraints,
                docs: Docs {
                    title: None,
                    description: data.description.clone(),
                    deprecated: data.deprecated.unwrap_or(false),
                },
            });
        }
        for segment in &template.segments {
            if let PathSegment::Param(name) = segment
                && !params
                    .iter()
                    .any(|p| p.location == ParamLocation::Path && p.wire_name == *name)
            {
                self.lossy(
                    pointer,
                    format!(
                        "the capture `{{{name}}}` of the path is not a declared path parameter: it is taken as a string"
                    ),
                );
                let rust_name = self.named(
                    pointer,
                    &format!("parameter `{name}`"),
                    claim_param(&mut namespace, ParamLocation::Path, name),
                );
                params.push(Param {
                    wire_name: name.clone(),
                    rust_name,
                    location: ParamLocation::Path,
                    ty: TypeRef::String,
                    required: true,
                    default: None,
                    style: ParamStyle::Simple,
                    explode: false,
                    constraints: Default::default(),
                    docs: Docs::default(),
                });
            }
        }
        params
    }

    /// One media type's body: its encoding and type.
    fn lower_content(
        &mut self,
        media_type: &'a str,
        media: &'a MediaType,
        hint: &str,
        pointer: &Pointer,
    ) -> Content {
        let encoding = encoding_of(media_type);
        let schema_type = media.schema.as_ref().map(|schema| {
            self.lower_use(
                SchemaUse::from(schema),
                hint,
                &pointer.join("content").join(media_type).join("schema"),
            )
        });
        let ty = match (encoding, schema_type) {
            (BodyEncoding::Binary, _) => TypeRef::Bytes,
            (BodyEncoding::Text, Some(TypeRef::Bytes)) => TypeRef::Bytes,
            (BodyEncoding::Text, _) => TypeRef::String,
            (BodyEncoding::EventStream, None | Some(TypeRef::Bytes)) => TypeRef::String,
            (_, Some(ty)) => ty,
            (_, None) => TypeRef::Json,
        };
        Content {
            media_type: media_type.to_owned(),
            encoding,
            ty,
            fields: Vec::new(),
        }
    }

    /// All media types of a body, the preferred one first (JSON, form, multipart, text, bytes).
    fn lower_contents(
        &mut self,
        content: &'a indexmap::IndexMap<String, MediaType>,
        hint: &str,
        pointer: &Pointer,
    ) -> Vec<Content> {
        let mut ordered: Vec<(&'a String, &'a MediaType)> = content.iter().collect();
        ordered.sort_by_key(|(media_type, _)| preference(encoding_of(media_type)));
        ordered
            .into_iter()
            .enumerate()
            .map(|(index, (media_type, media))| {
                let hint = if index == 0 {
                    hint.to_owned()
                } else {
                    format!("{hint}{}", type_name(media_type))
                };
                self.lower_content(media_type, media, &hint, pointer)
            })
            .collect()
    }

    pub(super) fn lower_request_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        type_prefix: &str,
        pointer: &Pointer,
    ) -> Option<RequestBody> {
        let components = self.components;
        let body =
            self.resolve_component(body, "requestBodies", &components.request_bodies, pointer)?;
        let mut contents =
            self.lower_contents(&body.content, &format!("{type_prefix}Body"), pointer);
        if contents.is_empty() {
            self.warn(
                pointer,
                "the request body lists no media type: the operation is generated without a body",
            );
            return None;
        }
        for content in &mut contents {
            if let Some(media) = body.content.get(&content.media_type) {
                self.lower_field_encodings(content, media, pointer);
            }
        }
        let primary = contents.remove(0);
        let parts_type = self.parts_type(&primary, type_prefix, pointer);
        let lowered = RequestBody {
            required: body.required,
            primary,
            alternatives: contents,
            description: body.description.clone(),
            parts_type,
        };
        let unread: Vec<&str> = lowered
            .alternatives
            .iter()
            .filter(|content| !lowered.reads_alternative(content))
            .map(|content| content.media_type.as_str())
            .collect();
        if !unread.is_empty() {
            self.warn(
                pointer,
                format!(
                    "the body is also accepted as {}: the generated server reads it as {} only",
                    unread.join(", "),
                    lowered.primary.media_type
                ),
            );
        }
        Some(lowered)
    }

    fn lower_responses(
        &mut self,
        operation: &'a Operation,
        type_prefix: &str,
        pointer: &Pointer,
    ) -> Vec<Response> {
        let components = self.components;
        let mut statuses: Vec<(StatusMatch, &'a ReferenceOr<openapiv3::Response>, Pointer)> =
            operation
                .responses
                .responses
                .iter()
                .map(|(status, response)| {
                    let status_match = match status {
                        StatusCode::Code(code) => StatusMatch::Code(*code),
                        StatusCode::Range(first) => StatusMatch::Range(*first),
                    };
                    (status_match, response, pointer.join(status.to_string()))
                })
                .collect();
        if let Some(default) = &operation.responses.default {
            statuses.push((StatusMatch::Default, default, pointer.join("default")));
        }
        let mut variant_names = Namespace::default();
        let mut responses = Vec::with_capacity(statuses.len());
        for (status, response, status_pointer) in statuses {
            let Some(response) = self.resolve_component(
                response,
                "responses",
                &components.responses,
                &status_pointer,
            ) else {
                continue;
            };
            let variant_name = variant_names.claim(status_variant_name(status));
            let mut contents = self.lower_contents(
                &response.content,
                &format!("{type_prefix}{variant_name}Body"),
                &status_pointer,
            );
            let body = (!contents.is_empty()).then(|| contents.remove(0));
            if !response.links.is_empty() {
                self.warn(
                    &status_pointer.join("links"),
                    "links are not generated: they are documentation only",
                );
            }
            responses.push(Response {
                status,
                variant_name,
                description: response.description.clone(),
                body,
                alternatives: contents,
            });
        }
        if responses.is_empty() {
            self.warn(
                pointer,
                "the operation documents no response: any status is taken as an undescribed `default` response without a body",
            );
            responses.push(Response {
                status: StatusMatch::Default,
                variant_name: variant_names.claim(status_variant_name(StatusMatch::Default)),
                description: "the spec documents no response".to_owned(),
                body: None,
                alternatives: Vec::new(),
            });
        }
        responses
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_names_without_operation_id() {
        assert_eq!(
            derived_operation_id(Method::Get, "/pets/{petId}"),
            "get_pets_by_pet_id"
        );
        assert_eq!(derived_operation_id(Method::Post, "/"), "post");
    }

    #[test]
    fn classifies_media_types() {
        assert_eq!(
            encoding_of("application/json; charset=utf-8"),
            BodyEncoding::Json
        );
        assert_eq!(encoding_of("application/problem+json"), BodyEncoding::Json);
        assert_eq!(
            encoding_of("application/x-www-form-urlencoded"),
            BodyEncoding::Form
        );
        assert_eq!(encoding_of("multipart/form-data"), BodyEncoding::Multipart);
        assert_eq!(encoding_of("text/event-stream"), BodyEncoding::EventStream);
        assert_eq!(encoding_of("text/plain"), BodyEncoding::Text);
        assert_eq!(encoding_of("image/png"), BodyEncoding::Binary);
        assert_eq!(
            encoding_of("application/octet-stream"),
            BodyEncoding::Binary
        );
    }

    #[test]
    fn names_status_variants() {
        assert_eq!(status_variant_name(StatusMatch::Code(200)), "Ok");
        assert_eq!(status_variant_name(StatusMatch::Code(418)), "Status418");
        assert_eq!(status_variant_name(StatusMatch::Range(2)), "Status2xx");
        assert_eq!(status_variant_name(StatusMatch::Default), "Default");
    }
}
