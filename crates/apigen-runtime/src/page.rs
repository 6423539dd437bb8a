//! The pagination contract between list responses and the client's paginator.

/// A page of a paginated list.
pub trait Page {
    /// The type of one listed item.
    type Item;
    /// The items of this page and the absolute URL of the next page (None on the last).
    fn into_items(self) -> (Vec<Self::Item>, Option<String>);
}
