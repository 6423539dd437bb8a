//! Scopes a credential holds or an operation requires, and the rules by which one scope grants
//! another: exactly (OAuth 2.0) or by object and action (`user:read`, `user:*`, `*`).

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

const ANY: &str = "*";

/// A scope: an object and an action on it (`user:read`), every action on an
/// object (`user:*`), or everything (`*`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope {
    object: String,
    action: String,
}

impl Scope {
    /// Parses `object:action`, `object:*` or `*`. A text without `:` is an
    /// object with an empty action, which only grants itself.
    pub fn parse(raw: &str) -> Scope {
        let (object, action) = split(raw);
        Scope {
            object: object.to_owned(),
            action: action.to_owned(),
        }
    }

    /// The object part (`user` in `user:read`; `*` for everything).
    pub fn object(&self) -> &str {
        &self.object
    }

    /// The action part (`read` in `user:read`; `*` for every action).
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The scope as written: `user:read`, `user:*` or `*`.
    pub fn as_str(&self) -> String {
        self.to_string()
    }

    /// Whether holding `self` allows an operation that requires `required`:
    /// `*` grants everything, `obj:*` grants every action on `obj`,
    /// `obj:write` grants `obj:read`, and every scope grants itself.
    pub fn grants(&self, required: &Scope) -> bool {
        self.grants_parts(&required.object, &required.action)
    }

    /// [`Scope::grants`] for a required scope given by its object and action.
    fn grants_parts(&self, object: &str, action: &str) -> bool {
        if self.is_everything() || (self.object == object && self.action == action) {
            return true;
        }
        if self.object != object {
            return false;
        }
        self.action == ANY || (self.action == "write" && action == "read")
    }

    /// Whether `self` is the scope written `object:action` (as [`split`] reads it).
    fn is(&self, object: &str, action: &str) -> bool {
        self.object == object && self.action == action
    }

    fn is_everything(&self) -> bool {
        self.object == ANY && self.action == ANY
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_everything() {
            f.write_str(ANY)
        } else if self.action.is_empty() {
            f.write_str(&self.object)
        } else {
            write!(f, "{}:{}", self.object, self.action)
        }
    }
}

impl FromStr for Scope {
    type Err = Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Scope::parse(s))
    }
}

/// How a held scope grants a required one; the spec chooses (`x-apigen-security: {scopes}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScopeRules {
    /// A scope grants only itself, compared as written (OAuth 2.0 scopes are opaque).
    #[default]
    Exact,
    /// [`Scope::grants`]: `*` grants everything, `obj:*` every action on `obj`, `obj:write`
    /// grants `obj:read`.
    ObjectAction,
}

impl ScopeRules {
    /// Whether holding `held` allows what requires `required`.
    pub fn grants(self, held: &Scope, required: &Scope) -> bool {
        match self {
            ScopeRules::Exact => held == required,
            ScopeRules::ObjectAction => held.grants(required),
        }
    }

    /// The first of `required` that `granted` does not grant, or None when all are granted.
    ///
    /// The required scopes are compared as written, without building a [`Scope`] for each.
    pub fn missing<'r>(self, granted: &[Scope], required: &'r [&'r str]) -> Option<&'r str> {
        required.iter().copied().find(|raw| {
            let (object, action) = split(raw);
            !granted.iter().any(|held| match self {
                ScopeRules::Exact => held.is(object, action),
                ScopeRules::ObjectAction => held.grants_parts(object, action),
            })
        })
    }
}

/// The object and action of a written scope, as [`Scope::parse`] reads them: `*` is every
/// action on everything, a text without `:` an object with an empty action.
fn split(raw: &str) -> (&str, &str) {
    let raw = raw.trim();
    if raw == ANY {
        return (ANY, ANY);
    }
    raw.split_once(':').unwrap_or((raw, ""))
}

/// The first required scope not granted under the object-action rules, or None when all are
/// granted.
pub fn missing_scope<'r>(granted: &[Scope], required: &'r [&'r str]) -> Option<&'r str> {
    ScopeRules::ObjectAction.missing(granted, required)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(raw: &[&str]) -> Vec<Scope> {
        raw.iter().map(|s| Scope::parse(s)).collect()
    }

    #[test]
    fn parses_and_prints() {
        let s = Scope::parse("user:read");
        assert_eq!((s.object(), s.action()), ("user", "read"));
        assert_eq!(s.as_str(), "user:read");
        assert_eq!(Scope::parse("*").to_string(), "*");
        assert_eq!(Scope::parse("user:*").to_string(), "user:*");
        assert_eq!(
            "project:write".parse::<Scope>().unwrap().as_str(),
            "project:write"
        );
        assert_eq!(Scope::parse("bare").as_str(), "bare");
    }

    #[test]
    fn grant_rules() {
        let read = Scope::parse("user:read");
        let write = Scope::parse("user:write");
        let all_user = Scope::parse("user:*");
        let all = Scope::parse("*");
        let other = Scope::parse("project:write");

        assert!(read.grants(&read));
        assert!(write.grants(&read), "write implies read");
        assert!(!read.grants(&write), "read does not imply write");
        assert!(all_user.grants(&read) && all_user.grants(&write));
        assert!(all.grants(&read) && all.grants(&other) && all.grants(&all));
        assert!(!other.grants(&read), "no cross-object grants");
        assert!(!Scope::parse("project:*").grants(&read));
        assert!(!all_user.grants(&all));
        assert!(!write.grants(&Scope::parse("user:delete")));
    }

    #[test]
    fn exact_rules_grant_only_the_same_scope() {
        let rules = ScopeRules::Exact;
        assert!(rules.grants(&Scope::parse("write:pets"), &Scope::parse("write:pets")));
        assert!(!rules.grants(&Scope::parse("pets:write"), &Scope::parse("pets:read")));
        assert!(!rules.grants(&Scope::parse("*"), &Scope::parse("read:pets")));
        assert_eq!(
            rules.missing(&scopes(&["read:pets"]), &["read:pets", "write:pets"]),
            Some("write:pets")
        );
        assert_eq!(
            ScopeRules::ObjectAction.missing(&scopes(&["*"]), &["read:pets"]),
            None
        );
    }

    #[test]
    fn missing_scope_finds_first_ungranted() {
        let required = ["user:read", "project:read", "project:write"];
        assert_eq!(
            missing_scope(&scopes(&["user:write"]), &required),
            Some("project:read")
        );
        assert_eq!(
            missing_scope(&scopes(&["user:read", "project:read"]), &required),
            Some("project:write")
        );
        assert_eq!(
            missing_scope(&scopes(&["user:*", "project:write"]), &required),
            None
        );
        assert_eq!(missing_scope(&scopes(&["*"]), &required), None);
        assert_eq!(missing_scope(&[], &required), Some("user:read"));
        assert_eq!(missing_scope(&[], &[]), None);
    }

    #[test]
    fn missing_compares_written_scopes_as_parsed_ones() {
        let texts = [
            "*",
            "user:read",
            "user:write",
            "user:*",
            " user:read ",
            "user",
            "user:",
            ":read",
            "a:b:c",
        ];
        for rules in [ScopeRules::Exact, ScopeRules::ObjectAction] {
            for held in texts {
                for required in texts {
                    let parsed = rules.grants(&Scope::parse(held), &Scope::parse(required));
                    let required = [required];
                    let missing = rules.missing(&scopes(&[held]), &required);
                    assert_eq!(
                        missing.is_none(),
                        parsed,
                        "{rules:?}: {held:?} for {required:?}"
                    );
                }
            }
        }
    }
}
