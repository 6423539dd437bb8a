//! limit/offset pagination with DRF's absolute `next` / `previous` links.

/// The default page size (PostHog's).
pub const DEFAULT_LIMIT: i64 = 100;

/// One page of `items` and the links around it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page<T> {
    /// How many items there are in all.
    pub count: i64,
    /// The link to the next page.
    pub next: Option<String>,
    /// The link to the previous page.
    pub previous: Option<String>,
    /// This page's items.
    pub results: Vec<T>,
}

/// Cuts one page out of `items` (already filtered and ordered).
///
/// `url` is the absolute URL of the list without query; `filters` are the other query
/// parameters to keep in the links. Like DRF's `LimitOffsetPagination`: `next` is absent on
/// the last page, `previous` is absent on the first and drops `offset` when it would be 0.
pub(crate) fn paginate<T>(
    items: Vec<T>,
    url: &str,
    filters: &[(&str, String)],
    limit: Option<i64>,
    offset: Option<i64>,
) -> Page<T> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT).max(1);
    let offset = offset.unwrap_or(0).max(0);
    let count = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let link = |offset: Option<i64>| {
        let mut pairs: Vec<(&str, String)> = filters.to_vec();
        pairs.push(("limit", limit.to_string()));
        if let Some(offset) = offset {
            pairs.push(("offset", offset.to_string()));
        }
        let query: Vec<String> = pairs
            .iter()
            .map(|(key, value)| format!("{key}={}", encode(value)))
            .collect();
        format!("{url}?{}", query.join("&"))
    };
    let next = (offset.saturating_add(limit) < count).then(|| link(Some(offset + limit)));
    let previous = (offset > 0).then(|| {
        if offset - limit <= 0 {
            link(None)
        } else {
            link(Some(offset - limit))
        }
    });
    let results = items
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .collect();
    Page {
        count,
        next,
        previous,
        results,
    }
}

/// Percent-encodes a query value (unreserved characters are kept).
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://h/api/users/";

    #[test]
    fn links_follow_drf() {
        let page = paginate((1..=5).collect(), URL, &[], Some(2), None);
        assert_eq!(page.results, [1, 2]);
        assert_eq!(page.count, 5);
        assert_eq!(
            page.next.as_deref(),
            Some("http://h/api/users/?limit=2&offset=2")
        );
        assert_eq!(page.previous, None);

        let page = paginate((1..=5).collect(), URL, &[], Some(2), Some(2));
        assert_eq!(page.results, [3, 4]);
        assert_eq!(
            page.previous.as_deref(),
            Some("http://h/api/users/?limit=2")
        );

        let page = paginate((1..=5).collect(), URL, &[], Some(2), Some(4));
        assert_eq!(page.results, [5]);
        assert_eq!(page.next, None);
        assert_eq!(
            page.previous.as_deref(),
            Some("http://h/api/users/?limit=2&offset=2")
        );

        let page = paginate((1..=5).collect::<Vec<i32>>(), URL, &[], None, Some(9));
        assert!(page.results.is_empty());
        assert_eq!(page.next, None);
    }

    #[test]
    fn filters_are_kept_and_encoded() {
        let filters = [
            ("email", "a+b@x.io".to_owned()),
            ("is_staff", "true".to_owned()),
        ];
        let page = paginate(vec![1, 2], URL, &filters, Some(1), None);
        assert_eq!(
            page.next.as_deref(),
            Some("http://h/api/users/?email=a%2Bb%40x.io&is_staff=true&limit=1&offset=1")
        );
    }
}
