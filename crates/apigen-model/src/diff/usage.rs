//! Which side of the generated crate builds a type and which side reads it: types reachable
//! from request parameters and bodies are built by clients and read by servers, types reachable
//! from responses the other way round.

use crate::ir::{Api, reachable_types};

use super::Impact;

/// Where each named type of one model is used.
pub(super) struct Usage {
    /// Reachable from a parameter or a request body, by type index.
    request: Vec<bool>,
    /// Reachable from a response body, by type index.
    response: Vec<bool>,
}

impl Usage {
    /// Walks every operation's inputs and outputs (iteratively: recursive types are fine).
    pub(super) fn of(api: &Api) -> Usage {
        let inputs = api.endpoints.iter().flat_map(|endpoint| {
            endpoint
                .params
                .iter()
                .map(|p| &p.ty)
                .chain(endpoint.body.iter().flat_map(|b| {
                    std::iter::once(&b.primary.ty).chain(b.alternatives.iter().map(|c| &c.ty))
                }))
        });
        let outputs = api
            .endpoints
            .iter()
            .flat_map(|endpoint| &endpoint.responses)
            .flat_map(|r| r.body.iter().chain(r.alternatives.iter()))
            .map(|content| &content.ty);
        Usage {
            request: reachable_types(&api.types, inputs),
            response: reachable_types(&api.types, outputs),
        }
    }

    /// (in a request, in a response) for the type at `index`.
    fn roles(&self, index: usize) -> (bool, bool) {
        (
            self.request.get(index).copied().unwrap_or(false),
            self.response.get(index).copied().unwrap_or(false),
        )
    }
}

/// Where a type is used in either model, and what a change to it means for each side.
#[derive(Debug, Clone, Copy)]
pub(super) struct Roles {
    /// Used in a request (clients build it, servers read it).
    pub(super) request: bool,
    /// Used in a response (servers build it, clients read it).
    pub(super) response: bool,
}

impl Roles {
    /// The union of the type's roles in the old model (`old`) and the new one (`new`).
    pub(super) fn of(
        old_usage: &Usage,
        old: Option<usize>,
        new_usage: &Usage,
        new: Option<usize>,
    ) -> Roles {
        let (old_req, old_resp) = old.map_or((false, false), |i| old_usage.roles(i));
        let (new_req, new_resp) = new.map_or((false, false), |i| new_usage.roles(i));
        Roles {
            request: old_req || new_req,
            response: old_resp || new_resp,
        }
    }

    /// (client, server) impacts of a change that means `to_builder` for code that builds the
    /// type and `to_reader` for code that reads it. A type no operation uses is public all the
    /// same: both sides may build and read it.
    pub(super) fn impacts(self, to_builder: Impact, to_reader: Impact) -> (Impact, Impact) {
        if !self.request && !self.response {
            let both = to_builder.max(to_reader);
            return (both, both);
        }
        let mut client = Impact::None;
        let mut server = Impact::None;
        if self.request {
            client = client.max(to_builder);
            server = server.max(to_reader);
        }
        if self.response {
            server = server.max(to_builder);
            client = client.max(to_reader);
        }
        (client, server)
    }

    /// (client, server) impacts of a tighter validation: requests that passed may now fail, so
    /// clients break where the type is sent; nothing changes for servers.
    pub(super) fn tightened(self) -> (Impact, Impact) {
        let client = if self.request || !self.response {
            Impact::Breaking
        } else {
            Impact::None
        };
        (client, Impact::None)
    }
}
