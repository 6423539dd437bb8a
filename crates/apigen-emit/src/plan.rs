//! A module as an ordered list of items, each emitted on demand, so that emission and
//! formatting can run chunk by chunk on several threads while few tokens are alive at once.

use proc_macro2::TokenStream;

/// Emits one top-level item (or a few that belong together).
pub type ItemSource<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// One module of the generated crate: its name and its items, in output order. The first item
/// carries the module's inner doc comment and `use` lines.
pub struct ModulePlan<'a> {
    /// The module name (`types`, `client`, `server`).
    pub name: &'static str,
    /// The items, in order.
    pub items: Vec<ItemSource<'a>>,
}

impl<'a> ModulePlan<'a> {
    /// An empty plan for module `name`.
    pub fn new(name: &'static str) -> Self {
        ModulePlan {
            name,
            items: Vec::new(),
        }
    }

    /// Appends an item.
    pub fn push(&mut self, item: impl Fn() -> TokenStream + Send + Sync + 'a) {
        self.items.push(Box::new(item));
    }

    /// Every item's tokens, in order.
    pub fn tokens(&self) -> TokenStream {
        self.items.iter().map(|item| item()).collect()
    }
}
