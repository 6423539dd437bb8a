//! swagger-petstore3's generated server over a trivial in-memory store, for
//! `scripts/schemathesis/run.sh`: `petstore-server [ADDRESS]` (default `127.0.0.1:8091`) serves
//! the API under the spec's base path `/api/v3` until interrupted. Every credential is accepted,
//! with every scope.

#[allow(dead_code, unused_imports, missing_docs)]
mod types {
    include!(concat!(env!("OUT_DIR"), "/petstore/types.rs"));
}
#[allow(dead_code, unused_imports, missing_docs)]
mod server {
    include!(concat!(env!("OUT_DIR"), "/petstore/server.rs"));
}

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use apigen_runtime::Scope;
use server::{ApiError, Caller, Credential};

/// Pets, orders and users by key.
#[derive(Default)]
struct Data {
    pets: BTreeMap<i64, types::Pet>,
    orders: BTreeMap<i64, types::Order>,
    users: BTreeMap<String, types::User>,
    next_id: i64,
}

impl Data {
    fn fresh_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// Stores `user` under its username, making one up when it has none (an empty path
    /// segment could not name it).
    fn add_user(&mut self, mut user: types::User) -> types::User {
        let username = match user.username.take().filter(|name| !name.is_empty()) {
            Some(username) => username,
            None => format!("user{}", self.fresh_id()),
        };
        user.username = Some(username.clone());
        self.users.insert(username, user.clone());
        user
    }
}

/// The store behind the API; clones share it.
#[derive(Clone, Default)]
struct Store(Arc<Mutex<Data>>);

impl Store {
    fn data(&self) -> MutexGuard<'_, Data> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl server::Authenticator for Store {
    async fn authenticate(&self, credential: &Credential) -> Option<Caller> {
        let scopes = ["read:pets", "write:pets"].map(Scope::parse).to_vec();
        Some(Caller::new(credential.scheme, scopes))
    }
}

type Answer<T> = Result<T, ApiError>;

impl server::Api for Store {
    async fn update_pet(&self, _: &Caller, body: types::Pet) -> Answer<types::UpdatePetResponse> {
        let mut data = self.data();
        match body.id {
            Some(id) if data.pets.contains_key(&id) => {
                data.pets.insert(id, body.clone());
                Ok(types::UpdatePetResponse::Ok(body))
            }
            _ => Ok(types::UpdatePetResponse::NotFound),
        }
    }

    async fn add_pet(&self, _: &Caller, mut body: types::Pet) -> Answer<types::AddPetResponse> {
        let mut data = self.data();
        let id = match body.id {
            Some(id) => id,
            None => data.fresh_id(),
        };
        body.id = Some(id);
        data.pets.insert(id, body.clone());
        Ok(types::AddPetResponse::Ok(body))
    }

    async fn find_pets_by_status(
        &self,
        _: &Caller,
        query: types::FindPetsByStatusQuery,
    ) -> Answer<types::FindPetsByStatusResponse> {
        let wanted = query.status.map(|status| status.as_str());
        let pets = self
            .data()
            .pets
            .values()
            .filter(|pet| wanted.is_none() || pet.status.map(|s| s.as_str()) == wanted)
            .cloned()
            .collect();
        Ok(types::FindPetsByStatusResponse::Ok(pets))
    }

    async fn find_pets_by_tags(
        &self,
        _: &Caller,
        query: types::FindPetsByTagsQuery,
    ) -> Answer<types::FindPetsByTagsResponse> {
        let wanted = query.tags.unwrap_or_default();
        let pets = self
            .data()
            .pets
            .values()
            .filter(|pet| {
                pet.tags
                    .iter()
                    .flatten()
                    .any(|tag| tag.name.as_ref().is_some_and(|name| wanted.contains(name)))
            })
            .cloned()
            .collect();
        Ok(types::FindPetsByTagsResponse::Ok(pets))
    }

    async fn get_pet_by_id(&self, _: &Caller, pet_id: i64) -> Answer<types::GetPetByIdResponse> {
        Ok(match self.data().pets.get(&pet_id) {
            Some(pet) => types::GetPetByIdResponse::Ok(pet.clone()),
            None => types::GetPetByIdResponse::NotFound,
        })
    }

    async fn update_pet_with_form(
        &self,
        _: &Caller,
        pet_id: i64,
        query: types::UpdatePetWithFormQuery,
    ) -> Answer<types::UpdatePetWithFormResponse> {
        let mut data = self.data();
        let Some(pet) = data.pets.get_mut(&pet_id) else {
            return Ok(types::UpdatePetWithFormResponse::Default { status: 404 });
        };
        if let Some(name) = query.name {
            pet.name = name;
        }
        Ok(types::UpdatePetWithFormResponse::Ok(pet.clone()))
    }

    async fn delete_pet(
        &self,
        _: &Caller,
        _: Option<String>,
        pet_id: i64,
    ) -> Answer<types::DeletePetResponse> {
        self.data().pets.remove(&pet_id);
        Ok(types::DeletePetResponse::Ok)
    }

    async fn upload_file(
        &self,
        _: &Caller,
        pet_id: i64,
        _: types::UploadFileQuery,
        body: Option<Vec<u8>>,
    ) -> Answer<types::UploadFileResponse> {
        if !self.data().pets.contains_key(&pet_id) {
            return Ok(types::UploadFileResponse::NotFound);
        }
        Ok(types::UploadFileResponse::Ok(types::ApiResponse {
            code: Some(200),
            r#type: Some("upload".to_owned()),
            message: Some(format!("{} bytes", body.unwrap_or_default().len())),
        }))
    }

    async fn get_inventory(&self, _: &Caller) -> Answer<types::GetInventoryResponse> {
        let mut counts = BTreeMap::new();
        for pet in self.data().pets.values() {
            if let Some(status) = pet.status {
                *counts.entry(status.as_str().to_owned()).or_insert(0) += 1;
            }
        }
        Ok(types::GetInventoryResponse::Ok(counts))
    }

    async fn place_order(
        &self,
        _: &Caller,
        body: Option<types::Order>,
    ) -> Answer<types::PlaceOrderResponse> {
        let mut order = body.unwrap_or_default();
        let mut data = self.data();
        let id = match order.id {
            Some(id) => id,
            None => data.fresh_id(),
        };
        order.id = Some(id);
        data.orders.insert(id, order.clone());
        Ok(types::PlaceOrderResponse::Ok(order))
    }

    async fn get_order_by_id(
        &self,
        _: &Caller,
        order_id: i64,
    ) -> Answer<types::GetOrderByIdResponse> {
        Ok(match self.data().orders.get(&order_id) {
            Some(order) => types::GetOrderByIdResponse::Ok(order.clone()),
            None => types::GetOrderByIdResponse::NotFound,
        })
    }

    async fn delete_order(&self, _: &Caller, order_id: i64) -> Answer<types::DeleteOrderResponse> {
        Ok(match self.data().orders.remove(&order_id) {
            Some(_) => types::DeleteOrderResponse::Ok,
            None => types::DeleteOrderResponse::NotFound,
        })
    }

    async fn create_user(
        &self,
        _: &Caller,
        body: Option<types::User>,
    ) -> Answer<types::CreateUserResponse> {
        let user = self.data().add_user(body.unwrap_or_default());
        Ok(types::CreateUserResponse::Ok(user))
    }

    async fn create_users_with_list_input(
        &self,
        _: &Caller,
        body: Option<Vec<types::User>>,
    ) -> Answer<types::CreateUsersWithListInputResponse> {
        let mut data = self.data();
        let users: Vec<types::User> = body
            .unwrap_or_default()
            .into_iter()
            .map(|user| data.add_user(user))
            .collect();
        let first = match users.into_iter().next() {
            Some(first) => first,
            None => data.add_user(types::User::default()),
        };
        Ok(types::CreateUsersWithListInputResponse::Ok(first))
    }

    async fn login_user(
        &self,
        _: &Caller,
        query: types::LoginUserQuery,
    ) -> Answer<types::LoginUserResponse> {
        let username = query.username.unwrap_or_default();
        Ok(types::LoginUserResponse::Ok(format!(
            "logged in as {username}"
        )))
    }

    async fn logout_user(&self, _: &Caller) -> Answer<types::LogoutUserResponse> {
        Ok(types::LogoutUserResponse::Ok)
    }

    async fn get_user_by_name(
        &self,
        _: &Caller,
        username: String,
    ) -> Answer<types::GetUserByNameResponse> {
        Ok(match self.data().users.get(&username) {
            Some(user) => types::GetUserByNameResponse::Ok(user.clone()),
            None => types::GetUserByNameResponse::NotFound,
        })
    }

    async fn update_user(
        &self,
        _: &Caller,
        username: String,
        body: Option<types::User>,
    ) -> Answer<types::UpdateUserResponse> {
        let mut data = self.data();
        if !data.users.contains_key(&username) {
            return Ok(types::UpdateUserResponse::NotFound);
        }
        data.users.insert(username, body.unwrap_or_default());
        Ok(types::UpdateUserResponse::Ok)
    }

    async fn delete_user(&self, _: &Caller, username: String) -> Answer<types::DeleteUserResponse> {
        Ok(match self.data().users.remove(&username) {
            Some(_) => types::DeleteUserResponse::Ok,
            None => types::DeleteUserResponse::NotFound,
        })
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8091".to_owned());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!(
        "petstore-server listening on http://{}{}",
        listener.local_addr()?,
        server::BASE_PATH
    );
    let store = Store::default();
    let app = server::router(store.clone(), store);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    server::serve(listener, app, server::ServeOptions::default(), shutdown).await
}
