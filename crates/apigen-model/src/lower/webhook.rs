//! OpenAPI 3.1 `webhooks` → [`Webhook`]s: the payload each one sends is typed like a request
//! body, under the prefix `{Name}Webhook`.

use indexmap::IndexMap;
use openapiv3::{PathItem, ReferenceOr};

use super::Lowering;
use super::operation::operations_of;
use crate::ir::{Docs, Webhook};
use crate::naming::type_name;
use crate::pointer::Pointer;

impl<'a> Lowering<'a> {
    /// Every operation of every webhook, in spec order.
    pub(crate) fn lower_webhooks(
        &mut self,
        webhooks: &'a IndexMap<String, ReferenceOr<PathItem>>,
    ) -> Vec<Webhook> {
        let base = Pointer::root().join("webhooks");
        let mut lowered = Vec::new();
        for (name, item) in webhooks {
            let pointer = base.join(name);
            let ReferenceOr::Item(item) = item else {
                self.problem(
                    &pointer,
                    "the webhook's path item reference was not resolved",
                );
                continue;
            };
            if !item.parameters.is_empty() {
                self.warn(
                    &pointer.join("parameters"),
                    "webhook parameters are not part of the model: only the payload is typed",
                );
            }
            for (key, method, operation) in operations_of(item) {
                let pointer = pointer.join(key);
                let prefix = format!("{}Webhook", type_name(name));
                let prefix = if item_has_several_operations(item) {
                    format!("{prefix}{}", type_name(key))
                } else {
                    prefix
                };
                let body = operation.request_body.as_ref().and_then(|body| {
                    self.lower_request_body(body, &prefix, &pointer.join("requestBody"))
                });
                lowered.push(Webhook {
                    name: name.clone(),
                    method,
                    operation_id: operation.operation_id.clone(),
                    docs: Docs {
                        title: operation.summary.clone(),
                        description: operation.description.clone(),
                        deprecated: operation.deprecated,
                    },
                    body,
                    pointer: pointer.into_string(),
                });
            }
        }
        lowered
    }
}

fn item_has_several_operations(item: &PathItem) -> bool {
    operations_of(item).nth(1).is_some()
}
