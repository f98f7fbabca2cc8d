//! Index newtypes: a note, a member, a plan item, a branch, a kind of meeting and a
//! meeting record are each found by position in their list, and a bare `usize` lets
//! one be used for another. A leaf module.

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
id!(
    /// A branch: its position in `Roster::branches`.
    BranchId
);
id!(
    /// A kind of meeting: its position in `Loaded::kinds` (`[meetings.kinds]`).
    KindId
);
id!(
    /// A meeting record: its position in `Checked::meetings`.
    MeetingId
);
