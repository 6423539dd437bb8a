//! Path templates (`/api/users/{uuid}/`) parsed once into segments.

use crate::ir::{PathSegment, PathTemplate};

/// Parses a path template; fails on an unclosed, empty or nested `{…}`.
pub fn parse_path_template(raw: &str) -> Result<PathTemplate, String> {
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut chars = raw.char_indices();
    while let Some((start, c)) = chars.next() {
        match c {
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some((_, '}')) => break,
                        Some((_, '{')) => {
                            return Err(format!("nested `{{` in path template at byte {start}"));
                        }
                        Some((_, c)) => name.push(c),
                        None => return Err(format!("unclosed `{{` at byte {start}")),
                    }
                }
                if name.is_empty() {
                    return Err(format!("empty parameter name `{{}}` at byte {start}"));
                }
                if !literal.is_empty() {
                    segments.push(PathSegment::Literal(std::mem::take(&mut literal)));
                }
                segments.push(PathSegment::Param(name));
            }
            '}' => return Err(format!("`}}` without `{{` at byte {start}")),
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        segments.push(PathSegment::Literal(literal));
    }
    Ok(PathTemplate {
        raw: raw.to_owned(),
        segments,
    })
}

impl PathTemplate {
    /// The parameter names, in order of appearance.
    pub fn param_names(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            PathSegment::Param(name) => Some(name.as_str()),
            PathSegment::Literal(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_literals_and_params() {
        let template = parse_path_template("/api/users/{uuid}/integrations/{id}/").unwrap();
        assert_eq!(
            template.segments,
            vec![
                PathSegment::Literal("/api/users/".into()),
                PathSegment::Param("uuid".into()),
                PathSegment::Literal("/integrations/".into()),
                PathSegment::Param("id".into()),
                PathSegment::Literal("/".into()),
            ]
        );
        assert_eq!(template.param_names().collect::<Vec<_>>(), ["uuid", "id"]);
    }

    #[test]
    fn params_may_share_a_segment() {
        let template = parse_path_template("/files/{name}.{ext}").unwrap();
        assert_eq!(template.param_names().collect::<Vec<_>>(), ["name", "ext"]);
    }

    #[test]
    fn refuses_malformed_templates() {
        assert!(
            parse_path_template("/a/{b")
                .unwrap_err()
                .contains("unclosed")
        );
        assert!(parse_path_template("/a/{}").unwrap_err().contains("empty"));
        assert!(
            parse_path_template("/a/{b{c}}")
                .unwrap_err()
                .contains("nested")
        );
        assert!(
            parse_path_template("/a/b}")
                .unwrap_err()
                .contains("without")
        );
    }
}
