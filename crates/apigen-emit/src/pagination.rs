//! Paged lists, as the model states them (`Endpoint::pagination`): each page type gets one
//! `apigen_runtime::Page` implementation, and each paged operation's builder a `stream()`.

use apigen_model::ir::{Api, Pagination};

/// The pagination of each paged type, once per type, in operation order.
pub fn paged_types(api: &Api) -> Vec<&Pagination> {
    let mut seen = Vec::new();
    let mut paged = Vec::new();
    for pagination in api.endpoints.iter().filter_map(|e| e.pagination.as_ref()) {
        if !seen.contains(&pagination.page) {
            seen.push(pagination.page);
            paged.push(pagination);
        }
    }
    paged
}
