//! Recursive types: an alias that refers to itself becomes a newtype, and a field or variant
//! through which a type contains itself without indirection gets a `Box`.
//!
//! What cannot exist is refused: a type that is itself again *at the same place of a value*,
//! through aliases (`$ref` chains, a single `allOf`/`oneOf`/`anyOf` member, `nullable`) or union
//! alternatives, with no property, array element or map value in between. `A: {allOf: [{$ref:
//! A}]}` or `A = B, B = A` would be `struct A(Box<A>)`: it has finite size but no finite value,
//! and deserializing it calls itself on the same input forever (an untagged union tries its
//! alternatives on the same input too). A cycle through a property, an array or a map is fine:
//! each step of deserializing it reads one level deeper into the input, so the recursion is as
//! deep as the input is, and `serde_json` stops at 128 levels. That includes a required,
//! non-nullable property chain (`A {next: A}`), which compiles (boxed) but has no finite value:
//! every finite input fails to deserialize with "missing field", at a depth bounded by the input.

use crate::error::Problem;
use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Rewrites `types` so that every recursive type has a finite size and every alias is acyclic;
/// returns a problem for each type that contains itself at the same place of a value.
pub fn break_cycles(types: &mut [TypeDef]) -> Vec<Problem> {
    let problems = same_place_cycles(types);
    if !problems.is_empty() {
        return problems;
    }
    let alias_graph: Vec<Vec<usize>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(target) => {
                let mut out = Vec::new();
                named_in(target, true, &mut out);
                out.retain(|id| matches!(types[*id].kind, TypeKind::Alias(_)));
                out
            }
            _ => Vec::new(),
        })
        .collect();
    let alias_components = strongly_connected(&alias_graph);
    for (id, def) in types.iter_mut().enumerate() {
        if let TypeKind::Alias(target) = &def.kind
            && is_cyclic(id, &alias_graph, &alias_components)
        {
            def.kind = TypeKind::Newtype {
                ty: target.clone(),
                boxed: false,
            };
        }
    }

    let direct_graph: Vec<Vec<usize>> = types.iter().map(direct_edges).collect();
    let components = strongly_connected(&direct_graph);
    let same_component = |from: usize, ty: &TypeRef| {
        let mut targets = Vec::new();
        named_in(ty, false, &mut targets);
        targets.iter().any(|to| components[*to] == components[from])
    };
    for (id, def) in types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = same_component(id, &field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = same_component(id, &variant.ty);
                }
            }
            TypeKind::Newtype { ty, boxed } => *boxed = same_component(id, ty),
            TypeKind::Alias(_) | TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
        }
    }
    Vec::new()
}

/// Types that are themselves again at the same place of a value (see the module documentation).
fn same_place_cycles(types: &[TypeDef]) -> Vec<Problem> {
    let graph: Vec<Vec<usize>> = types.iter().map(same_place_edges).collect();
    let components = strongly_connected(&graph);
    let mut problems = Vec::new();
    for (id, def) in types.iter().enumerate() {
        if !is_cyclic(id, &graph, &components) {
            continue;
        }
        let mut cycle: Vec<&str> = types
            .iter()
            .enumerate()
            .filter(|(other, _)| components[*other] == components[id])
            .map(|(_, other)| other.component.as_deref().unwrap_or(other.name.as_str()))
            .collect();
        cycle.sort_unstable();
        problems.push(Problem {
            pointer: def.pointer.clone(),
            message: format!(
                "this schema contains itself with nothing in between (through `$ref`, `allOf`, `oneOf`/`anyOf` or `nullable`; the cycle joins {}): no finite value has this type, and deserializing it would never end; put the recursion under a property, an array or a map",
                cycle
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    problems
}

/// Named types a value of this type is, at the same place (no property, element or map value
/// in between): an alias's target, a union's alternatives.
fn same_place_edges(def: &TypeDef) -> Vec<usize> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => named_in(ty, false, &mut out),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .for_each(|variant| named_in(&variant.ty, false, &mut out)),
        TypeKind::Struct(_) | TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
    }
    out
}

fn is_cyclic(id: usize, graph: &[Vec<usize>], components: &[usize]) -> bool {
    graph[id].contains(&id)
        || components
            .iter()
            .filter(|c| **c == components[id])
            .nth(1)
            .is_some()
}

/// Named types a value of this type contains inline (not behind a `Vec` or map).
fn direct_edges(def: &TypeDef) -> Vec<usize> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .for_each(|field| named_in(&field.ty, false, &mut out)),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .for_each(|variant| named_in(&variant.ty, false, &mut out)),
        TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => named_in(ty, false, &mut out),
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
    }
    out
}

/// Collects the named types in `ty`; through containers only when `through_containers`.
fn named_in(ty: &TypeRef, through_containers: bool, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(TypeId(id)) => out.push(*id),
        TypeRef::Nullable(inner) => named_in(inner, through_containers, out),
        TypeRef::Array(inner) | TypeRef::Map(inner) if through_containers => {
            named_in(inner, through_containers, out)
        }
        _ => {}
    }
}

/// Tarjan's algorithm, iterative (deep specs must not overflow the stack): the component
/// number of each node.
fn strongly_connected(graph: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&(node, edge)) = work.last() {
            if edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = graph[node].get(edge) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if index[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_components() {
        let graph = vec![vec![1], vec![0], vec![2], vec![]];
        let c = strongly_connected(&graph);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[0], c[2]);
        assert_ne!(c[2], c[3]);
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: crate::naming::type_name(name),
            component: Some(name.to_owned()),
            pointer: format!("#/components/schemas/{name}"),
            docs: Default::default(),
            nullable: false,
            in_request: false,
            kind,
        }
    }

    #[test]
    fn refuses_types_that_are_themselves_at_the_same_place() {
        let mut types = vec![
            def("A", TypeKind::Alias(TypeRef::Named(TypeId(1)))),
            def("B", TypeKind::Alias(TypeRef::Named(TypeId(0)).nullable())),
            def("C", TypeKind::Alias(TypeRef::Named(TypeId(0)))),
        ];
        let problems = break_cycles(&mut types);
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["#/components/schemas/A", "#/components/schemas/B"]
        );
        assert!(problems[0].message.contains("`A`, `B`"), "{}", problems[0]);
    }

    #[test]
    fn accepts_recursion_through_containers() {
        let mut types = vec![def(
            "Nested",
            TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::Named(TypeId(0))))),
        )];
        assert!(break_cycles(&mut types).is_empty());
        assert!(matches!(
            types[0].kind,
            TypeKind::Newtype { boxed: false, .. }
        ));
    }

    #[test]
    fn survives_long_chains() {
        let n = 200_000;
        let graph: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] })
            .collect();
        let c = strongly_connected(&graph);
        assert!(c.iter().all(|x| *x == c[0]));
    }
}
