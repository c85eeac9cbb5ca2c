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

/// Component index per node (iterative Tarjan, so deep graphs cannot overflow the stack).
fn strongly_connected_components(edges: &[Vec<TypeId>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;

    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, next edge to look at)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            let targets = &edges[node];
            if let Some(&target) = targets.get(*edge) {
                *edge += 1;
                if target >= n {
                    continue;
                }
                if index[target] == usize::MAX {
                    index[target] = next_index;
                    low[target] = next_index;
                    next_index += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
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
    // A node alone in its component is only recursive with a self-edge; give non-recursive
    // singletons distinct markers so `same(a, a)` is false for them.
    let mut size = vec![0usize; next_component];
    for &c in &component {
        if let Some(s) = size.get_mut(c) {
            *s += 1;
        }
    }
    let mut out = component;
    for (node, targets) in edges.iter().enumerate() {
        let alone = size.get(out[node]).copied().unwrap_or(1) == 1;
        if alone && !targets.contains(&node) {
            out[node] = usize::MAX - node;
        }
    }
    out
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
