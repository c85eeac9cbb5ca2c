//! Breaking recursive types with `Box`.
//!
//! A struct field or union variant that holds another named type *directly* (not through a
//! `Vec` or map, which already allocate) makes the outer type contain the inner one. When such
//! edges form a cycle the type has infinite size; every direct edge inside a strongly connected
//! component is boxed. Tarjan's algorithm keeps this linear in the number of types.

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

fn direct_edges(kind: &TypeKind) -> Vec<TypeId> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| direct_target(&f.ty))
            .collect(),
        TypeKind::OneOf(o) => o
            .variants
            .iter()
            .filter_map(|v| direct_target(&v.ty))
            .collect(),
        TypeKind::Alias(t) => direct_target(t).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Sets `boxed` on every field and variant that closes a cycle.
pub fn box_cycles(types: &mut [NamedType]) {
    let edges: Vec<Vec<TypeId>> = types.iter().map(|t| direct_edges(&t.kind)).collect();
    let component = strongly_connected_components(&edges);
    let same =
        |a: TypeId, b: TypeId| component.get(a).is_some() && component.get(a) == component.get(b);
    for (id, t) in types.iter_mut().enumerate() {
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let Some(target) = direct_target(&field.ty) {
                        field.boxed = same(id, target);
                    }
                }
            }
            TypeKind::OneOf(o) => {
                for variant in &mut o.variants {
                    if let Some(target) = direct_target(&variant.ty) {
                        variant.boxed = same(id, target);
                    }
                }
            }
            _ => {}
        }
    }
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
