//! Index newtypes: a note, a member and a plan item are all found by position in their
//! list, and a bare `usize` lets one be used for another. A leaf module.

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub usize);

        impl $name {
            /// The position in its list.
            pub fn index(self) -> usize {
                self.0
            }
        }
    };
}

id!(
    /// A note: its position in `Loaded::notes`.
    NoteId
);
id!(
    /// A member: their position in `Roster::members`.
    MemberId
);
id!(
    /// A plan item: its position in `Plan::items`.
    ItemId
);
