//! Breaking recursive types with `Box`.
//!
//! A struct field or union variant that holds another named type *directly* (not through a
//! `Vec` or map, which already allocate) makes the outer type contain the inner one. When such
//! edges form a cycle the type has infinite size; every direct edge inside a strongly connected
//! component is boxed. Tarjan's algorithm keeps this linear in the number of types.
//!
//! A finite but long chain (`A` holds `B` holds `C` … a thousand levels) compiles no better:
//! rustc follows it field by field when it lays out and drops `A`, and stops with "queries
//! overflow the depth limit". So no type nests more than [`MAX_DEPTH`] named types by value:
//! a field whose type is already that deep is boxed too.

use super::{NamedType, TypeId, TypeKind, TypeRef};

/// The named type a reference contains inline, if any.
fn direct_target(t: &TypeRef) -> Option<TypeId> {
    match t {
        TypeRef::Named(id) => Some(*id),
        // An `Option<T>` still stores `T` inline.
        TypeRef::Nullable(inner) => direct_target(inner),
        TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Scalar(_) | TypeRef::Any => None,
    }
}

/// The named types a type holds directly, each with whether its field or variant is boxed (an
/// alias's target never is).
fn direct_parts(kind: &TypeKind) -> Vec<(TypeId, bool)> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| Some((direct_target(&f.ty)?, f.boxed)))
            .collect(),
        TypeKind::OneOf(o) => o
            .variants
            .iter()
            .filter_map(|v| Some((direct_target(&v.ty)?, v.boxed)))
            .collect(),
        TypeKind::Alias(t) => direct_target(t).map(|id| (id, false)).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Calls `decide` with the target and the `boxed` flag of every field and variant that holds
/// a named type directly.
fn for_each_direct_part(kind: &mut TypeKind, mut decide: impl FnMut(TypeId, &mut bool)) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                if let Some(target) = direct_target(&field.ty) {
                    decide(target, &mut field.boxed);
                }
            }
        }
        TypeKind::OneOf(o) => {
            for variant in &mut o.variants {
                if let Some(target) = direct_target(&variant.ty) {
                    decide(target, &mut variant.boxed);
                }
            }
        }
        _ => {}
    }
}

/// Sets `boxed` on every field and variant that closes a cycle.
pub fn box_cycles(types: &mut [NamedType]) {
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|t| {
            direct_parts(&t.kind)
                .into_iter()
                .map(|(target, _)| target)
                .collect()
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let same =
        |a: TypeId, b: TypeId| component.get(a).is_some() && component.get(a) == component.get(b);
    for (id, t) in types.iter_mut().enumerate() {
        for_each_direct_part(&mut t.kind, |target, boxed| *boxed = same(id, target));
    }
}

/// The deepest by-value nesting of named types (a type holding only scalars is 1 deep): far
/// below rustc's default recursion limit (128) and deeper than any real API's types, so only
/// hostile or generated documents get the extra boxes.
pub const MAX_DEPTH: usize = 64;

/// Sets `boxed` on every field and variant whose type already nests [`MAX_DEPTH`] named types
/// by value. Run after [`box_cycles`]: what is left by value is then acyclic.
///
/// A type's depth depends only on the types below it, never on the order they are visited,
/// so which fields get boxed is as deterministic as the types themselves. The chain is cut
/// every `MAX_DEPTH` levels, counted from its innermost end.
pub fn box_deep_nesting(types: &mut [NamedType]) {
    let depth = by_value_depths(types);
    let too_deep = |target: TypeId| depth.get(target).is_some_and(|&d| d >= MAX_DEPTH);
    for t in types.iter_mut() {
        for_each_direct_part(&mut t.kind, |target, boxed| {
            if too_deep(target) {
                *boxed = true;
            }
        });
    }
}

/// Each type's by-value depth once [`box_deep_nesting`] has boxed what it will: a struct or
/// union is one deeper than its deepest unboxed part (a part `MAX_DEPTH` deep gets boxed and
/// counts as nothing), an alias is as deep as what it names. Iterative post-order, so a long
/// chain cannot overflow the stack; an edge back into the path (a cycle `box_cycles` could not
/// box, e.g. through aliases only) counts as nothing.
fn by_value_depths(types: &[NamedType]) -> Vec<usize> {
    // What each type holds by value: its unboxed parts.
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|t| {
            direct_parts(&t.kind)
                .into_iter()
                .filter(|&(_, boxed)| !boxed)
                .map(|(target, _)| target)
                .collect()
        })
        .collect();
    let mut depth: Vec<Option<usize>> = vec![None; types.len()];
    let mut started = vec![false; types.len()];
    for root in 0..types.len() {
        if started.get(root).copied().unwrap_or(true) {
            continue;
        }
        if let Some(s) = started.get_mut(root) {
            *s = true;
        }
        // (node, next edge to look at)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            let targets = edges.get(node).map(Vec::as_slice).unwrap_or_default();
            if let Some(&target) = targets.get(*edge) {
                *edge += 1;
                if let Some(s) = started.get_mut(target).filter(|s| !**s) {
                    *s = true;
                    work.push((target, 0));
                }
                continue;
            }
            work.pop();
            let part = |target: &TypeId| depth.get(*target).copied().flatten().unwrap_or(0);
            let d = match types.get(node).map(|t| &t.kind) {
                Some(TypeKind::Alias(_)) => targets.iter().map(part).max().unwrap_or(0),
                _ => {
                    1 + targets
                        .iter()
                        .map(part)
                        .filter(|&d| d < MAX_DEPTH)
                        .max()
                        .unwrap_or(0)
                }
            };
            if let Some(slot) = depth.get_mut(node) {
                *slot = Some(d);
            }
        }
    }
    depth.into_iter().map(|d| d.unwrap_or(0)).collect()
}

/// Tarjan's bookkeeping for one node.
#[derive(Clone, Copy)]
struct Node {
    index: usize,
    low: usize,
    on_stack: bool,
    component: usize,
}

const UNSEEN: usize = usize::MAX;

/// Component index per node (iterative Tarjan, so deep graphs cannot overflow the stack).
/// Edges to nodes that do not exist are ignored.
fn strongly_connected_components(edges: &[Vec<TypeId>]) -> Vec<usize> {
    let n = edges.len();
    let mut nodes = vec![
        Node {
            index: UNSEEN,
            low: 0,
            on_stack: false,
            component: UNSEEN
        };
        n
    ];
    let mut stack: Vec<usize> = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;

    for root in 0..n {
        if nodes.get(root).is_none_or(|node| node.index != UNSEEN) {
            continue;
        }
        visit(&mut nodes, root, &mut next_index, &mut stack);
        // (node, next edge to look at)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            let target = edges
                .get(node)
                .and_then(|targets| targets.get(*edge))
                .copied();
            if let Some(target) = target {
                *edge += 1;
                let Some(&seen) = nodes.get(target) else {
                    continue;
                };
                if seen.index == UNSEEN {
                    visit(&mut nodes, target, &mut next_index, &mut stack);
                    work.push((target, 0));
                } else if seen.on_stack {
                    if let Some(current) = nodes.get_mut(node) {
                        current.low = current.low.min(seen.index);
                    }
                }
                continue;
            }
            work.pop();
            let Some(&done) = nodes.get(node) else {
                continue;
            };
            if let Some(&(parent, _)) = work.last() {
                if let Some(parent) = nodes.get_mut(parent) {
                    parent.low = parent.low.min(done.low);
                }
            }
            if done.low == done.index {
                while let Some(member) = stack.pop() {
                    if let Some(m) = nodes.get_mut(member) {
                        m.on_stack = false;
                        m.component = next_component;
                    }
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    // A node alone in its component is only recursive with a self-edge; give non-recursive
    // singletons distinct markers so `same(a, a)` is false for them.
    let mut size = vec![0usize; next_component];
    for node in &nodes {
        if let Some(s) = size.get_mut(node.component) {
            *s += 1;
        }
    }
    nodes
        .iter()
        .zip(edges)
        .enumerate()
        .map(|(id, (node, targets))| {
            let alone = size.get(node.component).copied().unwrap_or(1) == 1;
            if alone && !targets.contains(&id) {
                usize::MAX - id
            } else {
                node.component
            }
        })
        .collect()
}

/// Gives `node` the next index and puts it on the stack.
fn visit(nodes: &mut [Node], node: usize, next_index: &mut usize, stack: &mut Vec<usize>) {
    if let Some(n) = nodes.get_mut(node) {
        n.index = *next_index;
        n.low = *next_index;
        n.on_stack = true;
    }
    *next_index += 1;
    stack.push(node);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Additional, Field, Struct};

    fn named(name: &str, kind: TypeKind) -> NamedType {
        NamedType {
            name: name.to_owned(),
            doc: None,
            pointer: String::new(),
            source: None,
            kind,
            derive_default: false,
        }
    }

    /// A struct with one required field per target.
    fn holding(name: &str, targets: &[TypeId]) -> NamedType {
        let fields = targets
            .iter()
            .enumerate()
            .map(|(i, &target)| Field {
                name: format!("f{i}"),
                wire_name: format!("f{i}"),
                doc: None,
                ty: TypeRef::Named(target),
                required: true,
                nullable: false,
                boxed: false,
            })
            .collect();
        named(
            name,
            TypeKind::Struct(Struct {
                fields,
                additional: Additional::None,
            }),
        )
    }

    /// `Chain0` holds `Chain1` … holds `Chain{n-1}`, which holds nothing; types listed in
    /// `order` (a permutation of `0..n`).
    fn chain(n: usize, order: &[usize]) -> Vec<NamedType> {
        let id = |link: usize| order.iter().position(|&o| o == link).unwrap_or(0);
        order
            .iter()
            .map(|&link| {
                let next: Vec<TypeId> = (link + 1 < n).then(|| id(link + 1)).into_iter().collect();
                holding(&format!("Chain{link}"), &next)
            })
            .collect()
    }

    fn boxed_fields(types: &[NamedType]) -> Vec<String> {
        let mut boxed: Vec<String> = types
            .iter()
            .filter_map(|t| match &t.kind {
                TypeKind::Struct(s) if s.fields.iter().any(|f| f.boxed) => Some(t.name.clone()),
                _ => None,
            })
            .collect();
        boxed.sort();
        boxed
    }

    #[test]
    fn a_long_chain_is_boxed_every_max_depth_levels() {
        let n = 1_500;
        let mut types = chain(n, &(0..n).collect::<Vec<_>>());
        box_cycles(&mut types);
        box_deep_nesting(&mut types);
        let depth = by_value_depths(&types);
        assert!(
            depth.iter().all(|&d| (1..=MAX_DEPTH).contains(&d)),
            "{depth:?}"
        );
        // Counted from the innermost end: Chain{n-1} is 1 deep, Chain{n-MAX_DEPTH} is
        // MAX_DEPTH deep, so the link above it holds it in a box.
        let boxed = boxed_fields(&types);
        assert_eq!(boxed.len(), (n - 1) / MAX_DEPTH);
        assert!(boxed.contains(&format!("Chain{}", n - MAX_DEPTH - 1)));
        assert!(!boxed.contains(&format!("Chain{}", n - MAX_DEPTH)));
    }

    #[test]
    fn which_fields_are_boxed_does_not_depend_on_type_order() {
        let n = 300;
        let forward: Vec<usize> = (0..n).collect();
        let backward: Vec<usize> = (0..n).rev().collect();
        // Interleaved, so the walk starts in the middle of the chain.
        let shuffled: Vec<usize> = (0..n).map(|i| (i * 7) % n).collect();
        let mut expected = None;
        for order in [forward, backward, shuffled] {
            let mut types = chain(n, &order);
            box_deep_nesting(&mut types);
            let boxed = boxed_fields(&types);
            assert_eq!(*expected.get_or_insert_with(|| boxed.clone()), boxed);
        }
    }

    #[test]
    fn shallow_types_and_cycles_are_left_as_they_were() {
        // 0 holds 1 and 2; 2 holds 3; 3 holds 2 (a cycle, boxed by box_cycles).
        let mut types = vec![
            holding("A", &[1, 2]),
            holding("B", &[]),
            holding("C", &[3]),
            holding("D", &[2]),
        ];
        box_cycles(&mut types);
        let before = types.clone();
        box_deep_nesting(&mut types);
        assert_eq!(types, before);
    }

    #[test]
    fn an_alias_is_as_deep_as_what_it_names_and_is_never_boxed() {
        // Chain of MAX_DEPTH structs, an alias to its head, and a struct holding the alias.
        let mut types = chain(MAX_DEPTH, &(0..MAX_DEPTH).collect::<Vec<_>>());
        types.push(named("Alias", TypeKind::Alias(TypeRef::Named(0))));
        types.push(holding("Outer", &[MAX_DEPTH]));
        box_deep_nesting(&mut types);
        assert_eq!(boxed_fields(&types), vec!["Outer".to_owned()]);
        let depth = by_value_depths(&types);
        assert_eq!(depth.get(MAX_DEPTH), Some(&MAX_DEPTH));
        assert_eq!(depth.get(MAX_DEPTH + 1), Some(&1));
    }

    #[test]
    fn finds_cycles_and_self_loops() {
        // 0 → 1 → 0 (cycle), 2 → 2 (self), 3 → 0 (not in a cycle)
        let c = strongly_connected_components(&[vec![1], vec![0], vec![2], vec![0]]);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[2], c[0]);
        assert_eq!(c[2], c[2]);
    }
}
