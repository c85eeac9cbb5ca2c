//! Where a walk currently is, as a chain of borrowed segments.
//!
//! Walks over large documents visit hundreds of thousands of nodes; building a
//! pointer string at each step would dominate. A [`Loc`] costs nothing to extend
//! and is rendered to an RFC 6901 pointer only when a diagnostic needs it.

use crate::diagnostics::pointer;

/// Deepest nesting any walk in the loader follows before giving up with an error.
pub(crate) const MAX_DEPTH: usize = 256;

/// One step of a JSON pointer.
#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// A position in a JSON document: the root, or a step below another position.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Loc<'a> {
    parent: Option<&'a Loc<'a>>,
    segment: Option<Segment<'a>>,
    depth: usize,
}

impl<'a> Loc<'a> {
    /// The document root, `#`.
    pub(crate) const ROOT: Loc<'static> = Loc {
        parent: None,
        segment: None,
        depth: 0,
    };

    /// The member `key` of the object at this position.
    pub(crate) fn key(&'a self, key: &'a str) -> Loc<'a> {
        Loc {
            parent: Some(self),
            segment: Some(Segment::Key(key)),
            depth: self.depth + 1,
        }
    }

    /// The element `index` of the array at this position.
    pub(crate) fn index(&'a self, index: usize) -> Loc<'a> {
        Loc {
            parent: Some(self),
            segment: Some(Segment::Index(index)),
            depth: self.depth + 1,
        }
    }

    /// How many steps below the root this position is.
    pub(crate) fn depth(&self) -> usize {
        self.depth
    }

    /// True past [`MAX_DEPTH`]: the walk must stop here.
    pub(crate) fn too_deep(&self) -> bool {
        self.depth > MAX_DEPTH
    }

    /// Renders `#/a/b~1c/0`.
    pub(crate) fn pointer(&self) -> String {
        let mut segments = Vec::with_capacity(self.depth);
        let mut current = Some(self);
        while let Some(loc) = current {
            match loc.segment {
                Some(Segment::Key(key)) => segments.push(key.to_owned()),
                Some(Segment::Index(index)) => segments.push(index.to_string()),
                None => {}
            }
            current = loc.parent;
        }
        segments.reverse();
        pointer(segments)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_escaped_pointer() {
        let paths = Loc::ROOT.key("paths");
        let path = paths.key("/firms/{id}");
        let params = path.key("parameters");
        let first = params.index(0);
        assert_eq!(first.pointer(), "#/paths/~1firms~1{id}/parameters/0");
        assert_eq!(first.depth(), 4);
        assert_eq!(Loc::ROOT.pointer(), "#");
    }
}
