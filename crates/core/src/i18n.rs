//! The message catalogue: every sentence a user reads, in Chinese and in English.
//!
//! Code never builds user-facing text inline; it names a [`Msg`] and asks for it in the
//! book's [`Lang`]. The pages' words are the theme's (themes/default/labels.toml).

use serde::Deserialize;

/// The language of everything a user reads: `language` in book.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" | "zh_cn" | "cn" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" | "en_us" => Some(Lang::En),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Lang::parse(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unsupported language `{code}`: use \"zh-CN\" or \"en\""
            ))
        })
    }
}

/// One sentence of the catalogue, with the values it mentions.
pub enum Msg<'a> {
    // Front matter and fields.
    NoFrontMatter,
    NoFrontMatterHelp,
    UnclosedFrontMatter,
    UnclosedFrontMatterHelp,
    YamlInvalid(&'a str),
    YamlHelp,
    YamlTooDeep,
    YamlBomb,
    NotFields,
    NotList(&'a str),
    CsvInvalid,
    TomlFrontMatter,
    TomlFrontMatterHelp,
    MiscasedKey {
        key: &'a str,
        known: &'a str,
    },
    MiscasedKeyHelp(&'a str),
    /// A meeting record's key written with a slip (`absnet:`): not read.
    MeetingKeySlip {
        key: &'a str,
        known: &'a str,
    },
    MeetingKeySlipHelp(&'a str),
    FullWidthColon,
    FullWidthSpace,
    TabIndent,
    NoSpaceAfterColon(&'a str),
    FieldType {
        field: &'a str,
        expected: &'a str,
    },
    FieldTypeHelp(&'a str),
    MissingField(&'a str),
    MissingFieldHelp(&'a str),
    BadDate(&'a str),
    ImpossibleDate(&'a str),
    TooEarlyDate(&'a str),
    BadDateHelp,
    DateSuggestion(&'a str),
    UnknownMember(&'a str),
    UnknownMemberHelp,
    UnknownStudy(&'a str),
    UnknownStudyHelp,
    DidYouMean(&'a str),
    // Meeting records.
    UnknownPerson {
        key: &'a str,
        named: &'a str,
    },
    UnknownPersonHelp(&'a str),
    MeetingFieldHelp(&'a str),
    UnknownKind(&'a str),
    UnknownKindHelp(&'a str),
    RecordBranch(&'a str),
    RecordBranchHelp,
    UnknownGroup {
        group: &'a str,
        branch: &'a str,
    },
    UnknownGroupHelp,
    NoCommittee(&'a str),
    NoCommitteeHelp,
    AbsentTwice(&'a str),
    AbsentTwiceHelp,
    AbsentNotExpected(&'a str),
    AbsentNotExpectedHelp,
    AbsentWithoutReason(&'a str),
    AbsentWithoutReasonHelp,
    AbsentSpoke(&'a str),
    AbsentSpokeHelp,
    NoQuorum {
        kind: &'a str,
        present: usize,
        expected: usize,
    },
    NoQuorumHelp,
    /// A front-matter key longer than YAML reads (this many characters).
    YamlKeyTooLong(usize),
    YamlKeyTooLongHelp,
    /// `content-dir` is the site's whole folder (as written in book.toml).
    ContentIsRoot(&'a str),
    ContentIsRootHelp,
    /// A file below the content folder whose path is longer than this many bytes.
    PathTooLong(usize),
    PathTooLongHelp,
    /// A record's `expected:` (应到) differs from what the roster makes.
    StatedExpected {
        stated: usize,
        counted: usize,
    },
    StatedExpectedHelp,
    /// A record's `present:` (实到) differs from the expected less the absent.
    StatedPresent {
        stated: usize,
        counted: usize,
        expected: usize,
        absent: usize,
    },
    StatedPresentHelp,
    /// book.toml names another build-dir than the one serve keeps a copy in.
    BuildDirChangedWhileServing {
        kept: &'a str,
        new: &'a str,
    },
    /// A record's stated head count that is no number.
    StatedUnread,
    /// A record states one head count twice, differently.
    StatedTwice,
    StatedUnreadHelp,
    FewSpeakers {
        kind: &'a str,
        speakers: usize,
        min: usize,
    },
    FewSpeakersHelp,
    // The command line.
    UnknownArgument(&'a str),
    UnknownSubcommand(&'a str),
    MissingArgument(&'a str),
    InvalidArgValue {
        arg: &'a str,
        value: &'a str,
    },
    ArgumentTwice(&'a str),
    ConfigFullWidth(&'a str),
    ArgumentConflictWith {
        arg: &'a str,
        prior: &'a str,
    },
    BadCommandLine,
    ValidValues(&'a str),
    SeeHelp,
    FutureDate(&'a str),
    FutureDateHelp,
    TitleOnly,
    TitleOnlyHelp,
    RecordTitleOnly,
    RecordTitleOnlyHelp,
    RecordTooShortHelp(usize),
    RecordDuplicateHelp,
    RecordDuplicate {
        original: &'a str,
        branch: &'a str,
        percent: usize,
    },
    TooShort {
        chars: usize,
        min: usize,
    },
    TooShortHelp(usize),
    MissingSection(&'a str),
    EmptySection(&'a str),
    MissingSectionHelp(&'a str),
    Duplicate {
        original: &'a str,
        author: &'a str,
        percent: usize,
    },
    DuplicateNoteHelp,
    DuplicateKept {
        copy: &'a str,
        percent: usize,
    },
    DuplicateKeptHelp,
    // Files.
    Undecodable,
    UndecodableHelp,
    BinaryFile,
    BinaryFileHelp,
    Converted(&'a str),
    ConvertedHelp,
    Unreadable(&'a str),
    UnreadableHelp,
    RawHtml,
    RawHtmlHelp,
    LinkOutside,
    LinkOutsideHelp,
    TooLarge(&'a str),
    TooLargeHelp,
    Truncated,
    TruncatedHelp,
    CaseTwin(&'a str),
    CaseTwinHelp,
    // Configuration.
    ConfigInvalid(&'a str),
    ConfigHelp,
    NoBookToml(&'a str),
    NoBookTomlHelp,
    RootNotFolder(&'a str),
    BookTomlNotUtf8Help,
    ThemeFileUnreadableHelp,
    ThemeLabelsInvalid(&'a str),
    ThemeLabelUnknown(&'a str),
    ThemeLabelsHelp,
    ThemeLabelsTable(&'a str),
    ThemeLabelNotText(&'a str),
    ThemeLabelTooLong(&'a str),
    ThemeFileNotPlain(&'a str),
    ThemeFileNotUtf8(&'a str),
    ThemeFileNotUtf8Help,
    UnsafeBuildDir(&'a str),
    UnsafeBuildDirHelp,
    BuildDirHoldsOwn(&'a str),
    UnsafeOutHelp,
    Overloaded(usize),
    LockLost(&'a str),
    PathOutsideSite {
        key: &'a str,
        path: &'a str,
    },
    PathOutsideSiteHelp,
    EmphasisShown,
    EmphasisShownHelp,
    RemoteImage(&'a str),
    RemoteImageHelp,
    MissingImage(&'a str),
    MissingImageHelp,
    ImageNotFound(&'a str),
    ImageNotFoundHelp,
    ImageWithheld(&'a str),
    LinkWithheld(&'a str),
    LinkWithheldHelp,
    LinkInDraftsHelp,
    LinkNotFound(&'a str),
    LinkNotFoundHelp,
    LinkNotFoundRootedHelp,
    /// A link without an extension to a note that has one: the note's own name.
    LinkWithoutExtensionHelp(&'a str),
    LinkToHeldNote(&'a str),
    LinkToHeldNoteHelp,
    LinkToRejectedNote(&'a str),
    LinkToRejectedNoteHelp,
    RuleCount {
        rule: &'a str,
        files: usize,
    },
    ByRule(&'a str),
    MemberRejected {
        name: &'a str,
        notes: usize,
    },
    MostRejected(&'a str),
    NothingOwn,
    NothingOwnHelp,
    TemplateCode,
    TemplateCodeHelp,
    SectionLooksLike {
        line: usize,
        text: &'a str,
        section: &'a str,
    },
    EmptyFile,
    EmptyFileHelp,
    EmptyBlockBeforeFields,
    EmptyBlockBeforeFieldsHelp,
    AuthorNotFolder {
        author: &'a str,
        folder: &'a str,
        id: &'a str,
    },
    AuthorNotFolderHelp,
    MoreInFile(usize),
    MoreInFileHelp,
    TooManyTags {
        count: usize,
        kept: usize,
    },
    TooManyTagsHelp,
    WatchRootGone(&'a str),
    BuildDirGoneRewritten(&'a str),
    PageEditedKept(&'a str),
    WatchContentGone(&'a str),
    WatchContentBack(&'a str),
    WatchContentReplaced(&'a str),
    WatchThemeChanged,
    AssetUnread,
    UnreadableDataHelp,
    SameFileAsset(&'a str),
    AssetMarkup,
    AssetServerCode,
    AssetServerCodeHelp,
    AssetProgram,
    AssetBesideAssessment,
    AssetIsDocument,
    AssetGoneDuringBuild,
    AssetGoneDuringBuildHelp,
    NoteBesideAssessment,
    NoteBesideAssessmentHelp,
    AssetBesideAssessmentHelp,
    /// A zip archive that holds notes or secrets by name.
    AssetArchiveOfNotes,
    AssetArchiveOfNotesHelp,
    /// A file that begins with a note's front matter, whatever its name.
    AssetNoteInside,
    AssetNoteInsideHelp,
    AssetCopyOfSource,
    AssetCopyOfSourceHelp,
    AssetMisnamed,
    AssetDraftsOnly,
    AssetDraftsOnlyHelp,
    AssetSecret,
    AssetSecretHelp,
    HeldByKey(&'a str),
    HeldBySecondBlock(&'a str),
    HeldByFileName,
    HeldBySecret,
    HeldBySecretHelp,
    HeldByFileNameHelp,
    HeldByTitle,
    HeldByTitleHelp,
    ThemeFileWithheldHelp,
    PrivateFileDiagnostics,
    LongBefore {
        date: &'a str,
        years: i32,
    },
    LongBeforeHelp,
    BuiltInTemplateHelp,
    MatrixTooLarge {
        members: usize,
        items: usize,
    },
    DocumentKeySlip {
        key: &'a str,
        review: bool,
    },
    DocumentKeySlipHelp {
        review: bool,
    },
    HeldByKeyHelp,
    HeldBySecondBlockHelp,
    NotYetPublished {
        key: &'a str,
        day: &'a str,
        timed: bool,
    },
    NotYetPublishedHelp,
    Expired {
        key: &'a str,
        day: &'a str,
        timed: bool,
    },
    ExpiredHelp,
    AssetBesideUnread,
    AssetHardLink,
    AssetHardLinkHelp,
    AssetBesideUnreadHelp,
    AssetMisnamedHelp,
    AssetActiveSvg,
    AssetActiveSvgHelp,
    SamePageNote(&'a str),
    NameEncoding(&'a str),
    NameLooksGbk(&'a str),
    NameEncodingHelp,
    AssetOnAPage,
    AssetOnAPageHelp,
    UnderAPage,
    UnderAPageHelp,
    LinkUnpublished,
    LinkOtherKind,
    LinkBroken,
    LinkBrokenHelp,
    SpecialFile,
    SpecialFileHelp,
    OutNotRegular(&'a str),
    OutEndsInSeparator(&'a str),
    BuildDirBusy {
        dir: &'a str,
        holder: &'a str,
        lock: &'a str,
    },
    BuildDirBusyHelp,
    BuildDirBusyServeHelp,
    LockHolder {
        command: &'a str,
        host: &'a str,
        pid: u32,
        since: &'a str,
    },
    LockTakenOver {
        dir: &'a str,
        holder: &'a str,
    },
    BuildDirNewer {
        dir: &'a str,
        format: u64,
    },
    BuildDirNewerHelp,
    BuildDirInsideBuilt {
        dir: &'a str,
        site: &'a str,
    },
    BuildDirInsideBuiltHelp,
    BuildDirLockUnusable {
        dir: &'a str,
        lock: &'a str,
    },
    BuildDirLockUnusableHelp,
    BuildDirMarkDamaged {
        dir: &'a str,
        line: usize,
    },
    BuildDirMarkDamagedHelp,
    BuildDirForeign {
        dir: &'a str,
        files: &'a str,
        count: usize,
    },
    BuildDirForeignHelp,
    BuildDirEdited {
        dir: &'a str,
        files: &'a str,
        count: usize,
    },
    BuildDirEditedHelp,
    BuildDirLink(&'a str),
    BuildDirMountPoint(&'a str),
    BuildDirMountPointHelp,
    BuildDirNotFolder(&'a str),
    BuildDirOtherHelp,
    OldSiteKept(&'a str),
    OldSiteInUse(&'a str),
    OldSiteLeft(&'a str),
    LeftoverHeld(&'a str),
    BuildDirTilde(&'a str),
    BuildDirTildeHelp,
    /// The old site holds a file the system will not let go of (immutable, another
    /// user's in a sticky folder).
    OldSiteNotPermitted(&'a str),
    OldSiteNotWritable(&'a str),
    CannotPrepare {
        dir: &'a str,
        reason: &'a str,
    },
    CannotPrepareMissingHelp(&'a str),
    // Files written on request.
    OutExists(&'a str),
    OutExistsHelp,
    OutLink(&'a str),
    OutLinkHelp,
    OutFolderLink(&'a str),
    OutFolderLinkHelp,
    OutFolder(&'a str),
    OutProtected(&'a str),
    OutProtectedHelp,
    OutOutside(&'a str),
    CannotWriteFile {
        path: &'a str,
        reason: &'a str,
    },
    Failed(&'a str),
    MissingRoster(&'a str),
    MissingRosterHelp,
    MissingPlan {
        path: &'a str,
        notes: usize,
    },
    MissingPlanHelp,
    RosterInvalid(&'a str),
    DuplicateMemberId(&'a str),
    DuplicateMemberName(&'a str),
    DuplicateHelp,
    EmptyRosterField(&'a str),
    EmptyRoster,
    EmptyRosterHelp,
    UnsafeMemberId {
        id: &'a str,
        why: crate::names::Unsafe,
    },
    UnsafeMemberIdHelp,
    SamePage {
        first: &'a str,
        second: &'a str,
    },
    SamePageHelp,
    PlanInvalid(&'a str),
    DuplicatePlanId(&'a str),
    UnknownBranch(&'a str),
    UnknownBranchHelp,
    DueBeforeStart(&'a str),
    MissingTheme(&'a str),
    MissingThemeHelp,
    ThemeOutside(&'a str),
    CheckPathSpecial(&'a str),
    TemplateError(&'a str),
    TemplateErrorKind {
        kind: &'a str,
        names: &'a str,
    },
    TemplateErrorHelp,
    // Coverage.
    CoverageTitle {
        since: Option<&'a str>,
        until: Option<&'a str>,
    },
    ReportTitleFor {
        since: Option<&'a str>,
        until: Option<&'a str>,
    },
    CoverageFigures {
        notes: usize,
        accepted: usize,
        rejected: usize,
        studied: usize,
        members: usize,
        person_times: usize,
    },
    SessionsLine {
        kind: &'a str,
        planned: usize,
        held: usize,
        person_times: usize,
    },
    RejectedNotCounted(usize),
    BadPeriodDate {
        flag: &'a str,
        value: &'a str,
    },
    UnknownBranchFlag(&'a str),
    PeriodReversed {
        since: &'a str,
        until: &'a str,
    },
    PeriodReversedHelp,
    CheckPathMissing(&'a str),
    CheckPathOutside(&'a str),
    CheckPathNotNote(&'a str),
    CheckPathHelp,
    NoteRejected(&'a str),
    CannotWrite(&'a str),
    // serve.
    Serving {
        url: &'a str,
        watching: bool,
        loopback: bool,
    },
    WholeNetwork {
        address: &'a str,
        others: &'a str,
    },
    ThisMachinesAddress,
    BadBind(&'a str),
    CannotServe,
    CannotWatch,
    Stopped,
    Rebuilt {
        pages: usize,
        rendered: usize,
        full: bool,
        millis: u128,
    },
    KeptLastGood,
    PortMoved {
        wanted: u16,
        port: u16,
    },
    PortInUse {
        port: u16,
        next: u16,
    },
    CannotBind {
        address: &'a str,
        reason: &'a str,
    },
    // init and new.
    InitNotEmpty(&'a str),
    InitNotEmptyHelp,
    InitDone(&'a str),
    NewTitle,
    NewTitleFor(&'a str),
    Placeholder(&'a str),
    NewWritten,
    NewMeetingTitle {
        branch: &'a str,
        year: i32,
        month: u32,
        kind: &'a str,
    },
    NewMeetingWritten,
    RecordFolderSkipped(&'a str),
    RecordFolderSkippedHelp,
    WhichGroup(&'a str),
    NoGroups(&'a str),
    SkeletonPlace,
    SkeletonLecturer,
    SkeletonExpected {
        count: usize,
        names: &'a str,
    },
    SkeletonAbsent,
    SkeletonReason,
    SkeletonSpeakers,
    Loading,
    Rendering,
    // report.
    ReportWritten(&'a str),
    XlsxNeedsOut,
    InitNotFolder(&'a str),
    InitThemeDone(&'a str),
    InitThemeThere(&'a str),
    NoSecretary(&'a str),
    CheckPathNoPermission(&'a str),
    CheckPathNothing(&'a str),
    EmptyTitleHelp,
    DocumentExists(&'a str),
    NewAssessmentWritten,
    NewReviewWritten,
    DocumentsChecked {
        files: usize,
        accepted: usize,
        rejected: usize,
    },
    DocumentFieldHelp,
    DocumentYear(&'a str),
    DocumentYearHelp,
    ScoresNotMapping(&'a str),
    ScoresHelp,
    ScoreNotNumber {
        id: &'a str,
        what: &'a str,
    },
    ScoreUnknownKey {
        id: &'a str,
        key: &'a str,
    },
    ScoreNegative(&'a str),
    ScoreWithoutReason(&'a str),
    ScoreReasonHelp,
    OpinionMissing,
    OpinionHollow {
        chars: usize,
        min: usize,
    },
    OpinionHelp,
    NotTheSecretary {
        member: &'a str,
        branch: &'a str,
    },
    NotTheSecretaryHelp,
    BallotsMissing,
    BallotsMissingCounts {
        group: &'a str,
        keys: &'a str,
    },
    BallotsAllAbstained(&'a str),
    ResultNotText,
    ResultNotTextHelp,
    BallotsHelp,
    BallotsNotCounts(&'a str),
    BallotsNotCount {
        group: &'a str,
        key: &'a str,
    },
    BallotsUnknownKey {
        group: &'a str,
        key: &'a str,
    },
    BallotsIssued {
        group: &'a str,
        issued: u64,
        expected: u64,
    },
    BallotsReturned {
        group: &'a str,
        returned: u64,
        issued: u64,
    },
    BallotsSum {
        group: &'a str,
        sum: u64,
        returned: u64,
    },
    ReviewQuorum {
        group: &'a str,
        returned: u64,
        expected: u64,
    },
    ReviewQuorumHelp,
    EvaluationMissing,
    EvaluationPartMissing(&'a str),
    EvaluationPartHollow {
        part: &'a str,
        chars: usize,
        min: usize,
    },
    EvaluationHelp,
    ReadPermissionHelp,
    ContentDirMissing(&'a str),
    ContentDirNotFolder(&'a str),
    ContentDirHelp,
    FormatNotOut {
        format: &'a str,
        out: &'a str,
    },
    FormatNotOutHelp(&'a str),
    OutFormatNotWritten(&'a str),
    OutFormatNotWrittenHelp,
    // Summaries.
    CheckSummary {
        notes: usize,
        accepted: usize,
        rejected: usize,
    },
    BuildSummary {
        dir: &'a str,
        pages: usize,
        accepted: usize,
        rejected: usize,
        millis: u128,
    },
    DraftsSkipped(usize),
    MeetingsTitle {
        since: &'a str,
        until: &'a str,
    },
    MeetingsTotal {
        kind: &'a str,
        records: usize,
        held: usize,
        periods: usize,
    },
    RejectedRecordsNotCounted(usize),
    MeetingsChecked {
        records: usize,
        accepted: usize,
        rejected: usize,
    },
    ConfigErrorsStop,
    BuildStopped,
}

impl Msg<'_> {
    pub fn text(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        // Only the language asked for is formatted: each message's Chinese and English
        // sit side by side, and the other is never built.
        macro_rules! pick {
            ($zh:expr, $en:expr $(,)?) => {
                if zh {
                    $zh
                } else {
                    $en
                }
            };
        }
        match self {
            Msg::NoFrontMatter => pick!("笔记开头没有 front matter（以 --- 开始的字段区）".into(), "the note has no front matter (a block opened by ---)".into()),
            Msg::NoFrontMatterHelp => pick!("在第一行写 ---，接着写 title、author、date，再写一行 --- 结束，然后写正文".into(), "start the file with ---, then title, author and date, then a closing ---, then the body".into()),
            Msg::UnclosedFrontMatter => pick!("front matter 没有结束的 ---".into(), "the front matter is never closed by ---".into()),
            Msg::UnclosedFrontMatterHelp => pick!("在最后一个字段后面加一行 ---，再写正文".into(), "add a line --- after the last field, before the body".into()),
            Msg::YamlInvalid(detail) => pick!(format!("front matter 无法解析：{detail}"), format!("the front matter cannot be read: {detail}")),
            Msg::YamlHelp => pick!("每个字段写成一行 `名称: 值`：半角冒号，冒号后一个空格，用空格而不是 Tab 缩进".into(), "write each field as `name: value`: an ASCII colon, one space after it, spaces (not tabs) to indent".into()),
            Msg::YamlTooDeep => pick!("嵌套层次太深".into(), "nested too deeply".into()),
            Msg::YamlBomb => pick!("别名（& 和 *）展开的次数过多，已拒绝".into(), "aliases (& and *) expand too many times; refused".into()),
            Msg::NotFields => pick!("front matter 应是一行一个字段：`名称: 值`".into(), "the front matter must be fields, one per line: `name: value`".into()),
            Msg::FullWidthColon => pick!("这一行用了全角冒号“：”：请改成半角冒号“:”，后面加一个空格".into(), "this line uses a full-width colon `：`: use an ASCII colon `:` followed by a space".into()),
            Msg::FullWidthSpace => pick!("这一行有全角空格：请改成半角空格".into(), "this line has a full-width space: use an ordinary space".into()),
            Msg::TabIndent => pick!("YAML 不能用 Tab 缩进：请改用空格".into(), "YAML cannot be indented with tabs: use spaces".into()),
            Msg::CsvInvalid => pick!("CSV 格式不正确：检查引号是否成对，第一行是否为 id,name,branch".into(), "the CSV cannot be read: check that quotes pair up and that the first line is id,name,branch".into()),
            Msg::NotList(example) => pick!(format!("应是一个列表，每项以 - 开头，例如：\n{example}"), format!("must be a list, each entry starting with -, e.g.:\n{example}")),
            Msg::TomlFrontMatter => pick!("front matter 用的是 TOML 格式（+++），studybook 只读 YAML 格式（---）".into(), "the front matter is TOML (+++); studybook reads YAML (---)".into()),
            Msg::TomlFrontMatterHelp => pick!("把首尾两行 +++ 改成 ---，并把 `title = \"...\"` 这样的写法改成 `title: ...`".into(), "change both +++ lines to ---, and write `title: ...` instead of `title = \"...\"`".into()),
            Msg::MiscasedKey { key, known } => pick!(format!("字段名 `{key}` 大小写不对，studybook 不认识它，会当作没有 `{known}`"), format!("the field `{key}` is in the wrong case: it is not read, as if there were no `{known}`")),
            Msg::MeetingKeySlip { key, known } => pick!(format!("会议记录的字段 `{key}` 写错了，studybook 不认识它，会当作没有 `{known}`"), format!("the meeting record's field `{key}` is misspelt: it is not read, as if there were no `{known}`")),
            Msg::MeetingKeySlipHelp(known) => pick!(format!("改成 `{known}: ...`"), format!("write `{known}: ...`")),
            Msg::MiscasedKeyHelp(known) => pick!(format!("字段名一律小写：写成 `{known}: ...`"), format!("field names are lower case: write `{known}: ...`")),
            Msg::NoSpaceAfterColon(key) => pick!(format!("冒号后面要有一个空格：写成 `{key}: ...`"), format!("a space must follow the colon: write `{key}: ...`")),
            Msg::FieldType { field, expected } => pick!(format!("字段 `{field}` 的格式不对：应为{expected}"), format!("field `{field}` has the wrong form: expected {expected}")),
            Msg::FieldTypeHelp(example) => pick!(format!("例如：{example}"), format!("for example: {example}")),
            Msg::MissingField(field) => pick!(format!("缺少字段 `{field}` 或它是空的"), format!("field `{field}` is missing or empty")),
            Msg::MissingFieldHelp(field) => pick!(format!("在 front matter 中写上 `{field}: ...`"), format!("add `{field}: ...` to the front matter")),
            Msg::BadDate(value) => pick!(format!("无法识别的日期 `{value}`"), format!("`{value}` is not a date studybook understands")),
            Msg::ImpossibleDate(value) => pick!(format!("日期 `{value}` 不存在"), format!("the date `{value}` does not exist")),
            Msg::TooEarlyDate(value) => pick!(format!("日期 `{value}` 太早了，年份是不是写错了？"), format!("the date `{value}` is too early: is the year right?")),
            Msg::BadDateHelp => pick!("日期写成 2022-03-16、2022/3/16 或 2022年3月16日".into(), "write the date as 2022-03-16, 2022/3/16 or 2022年3月16日".into()),
            Msg::DateSuggestion(s) => pick!(format!("写成 `{s}`"), format!("write `{s}`")),
            Msg::UnknownMember(author) => pick!(format!("作者 `{author}` 不在名册中"), format!("author `{author}` is not in the roster")),
            Msg::UnknownMemberHelp => pick!("author 写名册（members.yaml）中的 id 或姓名".into(), "use an id or a name from the roster (members.yaml)".into()),
            Msg::UnknownStudy(id) => pick!(format!("学习计划中没有 `{id}`"), format!("`{id}` is not in the study plan")),
            Msg::UnknownStudyHelp => pick!("study 写学习计划（plan.yaml）中的 id".into(), "use an id from the study plan (plan.yaml)".into()),
            Msg::UnknownArgument(arg) => pick!(format!("错误：不认识的参数 `{arg}`"), format!("error: unknown argument `{arg}`")),
            Msg::UnknownSubcommand(name) => pick!(format!("错误：没有 `{name}` 这个命令"), format!("error: there is no command `{name}`")),
            Msg::MissingArgument(arg) => pick!(format!("错误：缺少必需的参数 {arg}"), format!("error: the argument {arg} is required")),
            Msg::InvalidArgValue { arg, value } => pick!(format!("错误：{arg} 的值 `{value}` 无效"), format!("error: `{value}` is not a valid value for {arg}")),
            Msg::ConfigFullWidth(mark) => pick!(format!("这一行用了全角的“{mark}”：book.toml 里的逗号、冒号、引号、等号和方括号都要用半角（, : \" = [ ]），例如 required-sections = [\"学习内容\", \"心得体会\"]"), format!("this line has a full-width `{mark}`: book.toml takes ASCII commas, colons, quotes, equals signs and brackets (, : \" = [ ])")),
            Msg::ArgumentTwice(arg) => pick!(format!("错误：参数 {arg} 只能写一次"), format!("error: {arg} can be given only once")),
            Msg::ArgumentConflictWith { arg, prior } => pick!(format!("错误：参数 {arg} 不能和 {prior} 同时使用"), format!("error: {arg} cannot be used with {prior}")),
            Msg::BadCommandLine => pick!("错误：命令行参数有误".into(), "error: the command line is not valid".into()),
            Msg::ValidValues(list) => pick!(format!("可以写：{list}"), format!("possible values: {list}")),
            Msg::SeeHelp => pick!("运行 studybook --help 查看用法".into(), "run studybook --help to see how to use it".into()),
            Msg::DidYouMean(s) => pick!(format!("你是不是要写 `{s}`？"), format!("did you mean `{s}`?")),
            Msg::UnknownPerson { key, named } => pick!(format!("`{key}` 写的 `{named}` 不在名册中"), format!("`{named}` in `{key}` is not in the roster")),
            Msg::UnknownPersonHelp(key) => pick!(format!("`{key}` 写名册（members.yaml）中的 id 或姓名"), format!("write an id or a name from the roster (members.yaml) in `{key}`")),
            Msg::MeetingFieldHelp(key) => pick!(match *key {
                "meeting" => "会议记录要写 `meeting: 会议类型`，例如 `meeting: 支部委员会`".to_string(),
                "branch" => "写上开会的支部：`branch: 第一党支部`（与名册中的支部名一致）".to_string(),
                "date" => "写上开会日期：`date: 2022-09-26`".to_string(),
                "place" => "写上开会地点：`place: 三楼会议室`".to_string(),
                "host" => "写上主持人：`host: 名册中的 id 或姓名`".to_string(),
                "recorder" => "写上记录人：`recorder: 名册中的 id 或姓名`".to_string(),
                "group" => "党小组会要写是哪个党小组：`group: 第一党小组`（与名册中的 group 一致）".to_string(),
                "lecturer" => "党课要写授课人：`lecturer: 名册中的 id 或姓名`，外请的写姓名和单位".to_string(),
                other => format!("在 front matter 中写上 `{other}: ...`"),
            }, match *key {
                "meeting" => "a meeting record says its kind: `meeting: 支部委员会`".to_string(),
                "lecturer" => "a party lecture names its lecturer: `lecturer: a roster id or name`, or a guest's name".to_string(),
                "group" => "a group meeting names its group: `group: ...` as in the roster".to_string(),
                other => format!("add `{other}: ...` to the front matter"),
            }),
            Msg::UnknownKind(kind) => pick!(format!("会议类型 `{kind}` 不在 book.toml 的 [meetings.kinds] 中"), format!("the meeting kind `{kind}` is not in [meetings.kinds] of book.toml")),
            Msg::UnknownKindHelp(kinds) => pick!(format!("会议类型写其中之一：{kinds}；或在 book.toml 中加上 [meetings.kinds.{{类型}}]"), format!("use one of: {kinds}; or add [meetings.kinds.<kind>] to book.toml")),
            Msg::RecordBranch(branch) => pick!(format!("支部 `{branch}` 不在名册中"), format!("the branch `{branch}` is not in the roster")),
            Msg::RecordBranchHelp => pick!("branch 写名册（members.yaml）中的支部名，一字不差".into(), "write the branch exactly as the roster (members.yaml) names it".into()),
            Msg::UnknownGroup { group, branch } => pick!(format!("{branch}没有名为 `{group}` 的党小组"), format!("{branch} has no group named `{group}`")),
            Msg::UnknownGroupHelp => pick!("group 写名册（members.yaml）中该支部党员的 group，一字不差".into(), "write the group exactly as the roster gives it for members of the branch".into()),
            Msg::NoCommittee(branch) => pick!(format!("名册里{branch}没有支委，无法确定应到人员"), format!("the roster names no committee for {branch}, so who was expected is unknown")),
            Msg::NoCommitteeHelp => pick!("在名册（members.yaml）中给支委加上 `role: 书记`、`role: 组织委员` 等".into(), "give the committee members a `role` (书记, 组织委员 …) in the roster (members.yaml)".into()),
            Msg::AbsentTwice(name) => pick!(format!("{name} 在缺席名单中出现了两次"), format!("{name} is listed as absent twice")),
            Msg::AbsentTwiceHelp => pick!("每位缺席人员只写一次".into(), "list each absent member once".into()),
            Msg::AbsentNotExpected(name) => pick!(format!("{name} 不是这次会议的应到人员，不能记为缺席"), format!("{name} was not expected at this meeting, so cannot be absent")),
            Msg::AbsentNotExpectedHelp => pick!("缺席人员只能是应到人员：支部委员会为支委，党小组会为本小组党员，其他会议为本支部党员".into(), "only expected members can be absent: the committee for 支部委员会, the group for 党小组会, the branch for the rest".into()),
            Msg::AbsentWithoutReason(name) => pick!(format!("{name} 缺席，但没有写原因"), format!("{name} is absent with no reason given")),
            Msg::AbsentWithoutReasonHelp => pick!("写成 `- member: id` 下一行 `  reason: 出差`，或 `- 王五（出差）`".into(), "write `- member: id` with `  reason: ...` below it, or `- 王五（出差）`".into()),
            Msg::AbsentSpoke(name) => pick!(format!("{name} 记为缺席，却在讨论发言中发了言"), format!("{name} is listed as absent but spoke")),
            Msg::AbsentSpokeHelp => pick!("核对缺席名单和发言记录，改正其中错的一处".into(), "check the absences against the speakers and correct whichever is wrong".into()),
            Msg::NoQuorum { kind, present, expected } => pick!(format!("{kind}应到 {expected} 人、实到 {present} 人，未超过半数，会议无效"), format!("{present} of {expected} expected attended the {kind}: not more than half, so the meeting is not valid")),
            Msg::YamlKeyTooLong(chars) => pick!(format!("front matter 无法解析：这一行冒号前的字段名超过 {chars} 个字符，YAML 读不了这么长的名称"), format!("the front matter cannot be read: the key before this line's colon is over {chars} characters, longer than YAML reads")),
            Msg::YamlKeyTooLongHelp => pick!("字段名写短（如 title、tags）；这行若是正文，把它移到结束的 --- 下面".into(), "give the field a short name (title, tags …); if the line is body text, move it below the closing ---".into()),
            Msg::ContentIsRoot(content) => pick!(format!("book.toml 里 content-dir = \"{content}\"，内容目录就是整个站点文件夹：生成的站点放在其中任何地方都会成为内容的一部分"), format!("content-dir = \"{content}\" in book.toml makes the whole site folder the content: a site built anywhere inside it would become part of the content")),
            Msg::ContentIsRootHelp => pick!("把笔记和名册放进 content 子文件夹，在 [build] 中把 content-dir 改为 \"content\"，生成的站点就可以放在它旁边".into(), "move the notes and the roster into a content subfolder and set content-dir under [build] to \"content\": the site can then be built beside it".into()),
            Msg::PathTooLong(bytes) => pick!(format!("路径太长（超过 {bytes} 字节），没有读取：生成的站点还要在它前面加上输出目录的路径，会超过系统的上限"), format!("the path is too long (over {bytes} bytes) and was not read: the site being built puts the output folder's path before it, past what the system takes")),
            Msg::PathTooLongHelp => pick!("把它移到层级浅一些的文件夹，或把文件夹和文件的名字改短".into(), "move it to a folder fewer levels down, or give its folders and itself shorter names".into()),
            Msg::StatedExpected { stated, counted } => pick!(format!("记录中写的应到人数为 {stated} 人，按名册算应到 {counted} 人"), format!("the record says {stated} were expected, the roster makes {counted}")),
            Msg::StatedExpectedHelp => pick!("应到按名册算：支委会是名册里有 role 的支委，党小组会是该小组的党员，其余会议是全支部党员；名册有误就改 members.yaml，否则改正这里的人数".into(), "who is expected comes from the roster: the members with a role for a committee meeting, the group's members for a group meeting, the whole branch otherwise; correct members.yaml if it is wrong, or else the number here".into()),
            Msg::StatedUnread => pick!("记录中写的人数读不出来，没有和名册核对".into(), "the head count the record states cannot be read, so it was not held against the roster".into()),
            Msg::BuildDirChangedWhileServing { kept, new } => pick!(format!("book.toml 里的 build-dir 改成了 {new}：预览仍写入原来的 {kept}，重新启动 serve 后才写到 {new}"), format!("build-dir in book.toml is now {new}: the preview keeps writing {kept}, and writes {new} once serve is started again")),
            Msg::StatedTwice => pick!("记录里写了两个不同的人数（例如 应到 和 expected 各写了一个），没有和名册核对".into(), "the record states this head count twice, differently (应到 and expected, say), so it was not held against the roster".into()),
            Msg::StatedUnreadHelp => pick!("写成一个数字，如 实到: 8（或 8人、八人）；列席人员不计入，写在 guests: 下".into(), "write one number, as in present: 8; guests are not counted, and go under guests:".into()),
            Msg::StatedPresent { stated, counted, expected, absent } => pick!(format!("记录中写的实到人数为 {stated} 人，按名册和缺席名单算实到 {counted} 人（应到 {expected} 人，缺席 {absent} 人）"), format!("the record says {stated} attended; the roster and the absences make {counted} ({expected} expected, {absent} absent)")),
            Msg::StatedPresentHelp => pick!("没到会的同志逐一写进 absent:（姓名和原因），或改正这里的人数：统计按缺席名单算".into(), "list each member who did not attend under absent: (name and reason), or correct the number here: the counts follow the absences".into()),
            Msg::NoQuorumHelp => pick!("应到人员超过半数出席方能开会；人数不够时改期召开，或核对缺席名单".into(), "more than half of those expected must attend: hold it again, or check the absences".into()),
            Msg::FewSpeakers { kind, speakers, min } => pick!(format!("{kind}只有 {speakers} 人发言，少于 {min} 人"), format!("only {speakers} spoke at the {kind}, fewer than {min}")),
            Msg::FewSpeakersHelp => pick!("在“讨论发言”下每位发言人写一项：`- 张三：发言要点`".into(), "under 讨论发言 write one item per speaker: `- 张三：what they said`".into()),
            Msg::FutureDate(d) => pick!(format!("日期 {d} 在今天之后"), format!("the date {d} is after today")),
            Msg::FutureDateHelp => pick!("确认日期是否写错".into(), "check that the date is right".into()),
            Msg::TitleOnly => pick!("笔记只有标题，没有正文内容".into(), "the note has a title but no content".into()),
            Msg::TitleOnlyHelp => pick!("在标题下写出学了什么、有什么体会；只有小标题、链接或图片不算内容".into(), "write what you studied and what you took from it; headings, links or images alone are not content".into()),
            Msg::RecordTitleOnly => pick!("会议记录只有标题，没有记录内容".into(), "the meeting record has a title but no content".into()),
            Msg::RecordTitleOnlyHelp => pick!("在各部分标题下如实记录议题、发言和决议；只有小标题不算记录".into(), "record the agenda, what was said and what was decided under the headings; headings alone are no record".into()),
            Msg::RecordTooShortHelp(min) => pick!(format!("把会议议题、发言要点和决议记完整，至少 {min} 个字（不计标点和空格）"), format!("record the agenda, the points made and the decisions: at least {min} characters, not counting punctuation and spaces")),
            Msg::RecordDuplicate { original, branch, percent } => pick!(format!("与{branch}日期较早的会议记录 {original} 相似度达 {percent}%，疑似照抄"), format!("{percent}% similar to {branch}'s record {original}, dated earlier: a copy")),
            Msg::RecordDuplicateHelp => pick!("会议记录要记本支部这次会议的实际情况，不要照抄其他支部或以前的记录".into(), "record what this branch's meeting really said and decided; do not copy another branch's record or an old one".into()),
            Msg::TooShort { chars, min } => pick!(format!("正文只有 {chars} 个字，少于要求的 {min} 个字"), format!("the body has {chars} characters of text, fewer than the {min} required")),
            Msg::TooShortHelp(min) => pick!(format!("把学习内容和心得体会写完整，至少 {min} 个字（不计标点和空格）"), format!("write out what you studied and your reflections: at least {min} characters, not counting punctuation and spaces")),
            Msg::MissingSection(s) => pick!(format!("缺少“{s}”部分"), format!("the section \"{s}\" is missing")),
            Msg::EmptySection(s) => pick!(format!("“{s}”部分是空的"), format!("the section \"{s}\" is empty")),
            Msg::MissingSectionHelp(s) => pick!(format!("加一个标题 `## {s}`，并在下面写出内容"), format!("add a heading `## {s}` with text under it")),
            Msg::Duplicate { original, author, percent } => pick!(format!("与{author}日期较早的笔记 {original} 相似度达 {percent}%，疑似抄袭或重复提交"), format!("{percent}% similar to {author}'s note {original}, dated earlier: a copy or a note handed in twice")),
            Msg::DuplicateKept { copy, percent } => pick!(format!("与日期较晚的 {copy} 相似度达 {percent}%：那篇按重复未通过，这篇通过，只因这篇写的日期较早"), format!("{percent}% similar to {copy}, dated later: that one is refused as a copy and this one passes only because its date is earlier")),
            Msg::DuplicateKeptHelp => pick!("日期是作者自己写的：请支部核实哪篇是原作；如果这篇才是照抄的（日期被改早），改正日期或撤下这篇".into(), "the dates are the writers' own: let the branch find out which one is the original; if this one is the copy (dated back), correct its date or take it down".into()),
            Msg::DuplicateNoteHelp => pick!("笔记要写自己学了什么、有什么体会；不要复制他人或自己已交的笔记".into(), "write what you studied and what you took from it yourself; do not copy another note or hand one in twice".into()),
            Msg::Undecodable => pick!("文件内容无法识别为文本（UTF-8、UTF-16 或 GB18030 都不对）".into(), "the file cannot be read as text (not UTF-8, UTF-16 or GB18030)".into()),
            Msg::UndecodableHelp => pick!("用编辑器打开后“另存为”UTF-8 编码".into(), "open it in an editor and save it as UTF-8".into()),
            Msg::BinaryFile => pick!("这不是文本文件，却以 .md 结尾".into(), "this is not a text file, though its name ends in .md".into()),
            Msg::BinaryFileHelp => pick!("把它改名或移出 content 目录；笔记要用纯文本（Markdown）保存".into(), "rename it or move it out of the content folder; notes are plain text (Markdown)".into()),
            Msg::Converted(from) => pick!(format!("文件是 {from} 编码，已转换为 UTF-8 读取"), format!("the file is {from}; it was converted to UTF-8")),
            Msg::ConvertedHelp => pick!("建议用编辑器“另存为”UTF-8 编码，避免乱码".into(), "save it as UTF-8 to avoid garbled text".into()),
            Msg::Unreadable(err) => pick!(format!("无法读取：{err}"), format!("cannot be read: {err}")),
            Msg::UnreadableHelp => pick!("检查文件权限，或把它移出 content 目录".into(), "check its permissions, or move it out of the content folder".into()),
            Msg::RawHtml => pick!("正文中的 HTML 标签会被清理，可能不会按原样显示".into(), "raw HTML in the body will be sanitised and may not show as written".into()),
            Msg::RawHtmlHelp => pick!("改用 Markdown 写；确需 HTML 时在 book.toml 的 [build] 中设置 allow-html = true".into(), "write it in Markdown, or set allow-html = true under [build] in book.toml".into()),
            Msg::LinkOutside => pick!("符号链接指向站点目录之外，已忽略".into(), "a symbolic link leads outside the site and was ignored".into()),
            Msg::LinkOutsideHelp => pick!("把要发布的文件复制到 content 目录中，而不是链接到别处".into(), "copy files you want published into the content folder instead of linking to them".into()),
            Msg::TooLarge(mb) => pick!(format!("文件有 {mb} MB，超过笔记 1 MB 的上限，未读取"), format!("the file is {mb} MB, over the 1 MB limit for a note, and was not read")),
            Msg::TooLargeHelp => pick!("笔记应是纯文字；图片请另存为图片文件并用 ![说明](图片.png) 引用".into(), "a note is text: save images as image files and link them with ![caption](image.png)".into()),
            Msg::Truncated => pick!("文件末尾有一个不完整的字符（文件可能被截断），已去掉".into(), "the file ends in the middle of a character (it may have been cut short); the partial character was dropped".into()),
            Msg::TruncatedHelp => pick!("检查笔记结尾是否完整，必要时重新保存".into(), "check that the end of the note is complete, and save it again if not".into()),
            Msg::CaseTwin(other) => pick!(format!("与 {other} 的文件名只有大小写不同，复制到 Windows 共享盘时会互相覆盖"), format!("this file name differs from {other} only in case: on a Windows shared drive one would overwrite the other")),
            Msg::CaseTwinHelp => pick!("给其中一篇换一个文件名".into(), "rename one of the two".into()),
            Msg::ConfigInvalid(detail) => pick!(format!("配置有误：{detail}"), format!("invalid configuration: {detail}")),
            Msg::ConfigHelp => pick!("可用的节和键，以及每一项的说明，见 studybook init 新建的站点里的 book.toml".into(), "for the sections and keys, each explained, see the book.toml of a site made with studybook init".into()),
            Msg::NoBookToml(dir) => pick!(format!("在 {dir} 及其上级目录中找不到 book.toml"), format!("no book.toml in {dir} or any folder above it")),
            Msg::ThemeLabelsInvalid(reason) => pick!(format!("主题的 labels.toml 有误：{reason}"), format!("the theme's labels.toml is invalid: {reason}")),
            Msg::ThemeLabelUnknown(key) => pick!(format!("主题的 labels.toml 里的 {key} 不是页面上的词，不会用到"), format!("{key} in the theme's labels.toml is no label of the pages, so it would never be used")),
            Msg::ThemeLabelsTable(name) => pick!(format!("[{name}] 不是一种语言：labels.toml 里的表写 [zh] 或 [en]"), format!("[{name}] is no language: the tables of labels.toml are [zh] and [en]")),
            Msg::ThemeLabelNotText(key) => pick!(format!("{key} 的值要写成带引号的文字，例如 {key} = \"党员\""), format!("{key} must be text in quotes, e.g. {key} = \"Member\"")),
            Msg::ThemeLabelTooLong(key) => pick!(format!("{key} 的文字超过 500 个字：页面上的词只写几个字，每一页都会写进去"), format!("{key} is longer than 500 characters: a label is a few words, written into every page")),
            Msg::ThemeFileNotPlain(file) => pick!(format!("主题里的 {file} 不是普通文件（是链接、文件夹或管道），studybook 不读它"), format!("{file} in the theme is not a plain file (a link, a folder or a pipe), and studybook does not read it")),
            Msg::ThemeFileNotUtf8(file) => pick!(format!("主题里的 {file} 不是 UTF-8 编码，读出来会是乱码"), format!("{file} in the theme is not UTF-8, so it would read as garbage")),
            Msg::ThemeFileNotUtf8Help => pick!("用记事本或 VS Code 打开，另存为 UTF-8 编码".into(), "open it in an editor and save it as UTF-8".into()),
            Msg::ThemeLabelsHelp => pick!("labels.toml 分 [zh] 和 [en] 两节，每行写 键 = \"词\"，键取自内置主题的 labels.toml；只写要改的词".into(), "labels.toml has a [zh] and an [en] table, each line key = \"words\", with the keys of the built-in theme's labels.toml; write only the words to change".into()),
            Msg::ThemeFileUnreadableHelp => pick!("主题里的文件都要能读：检查它的权限，或把它从主题文件夹里删掉".into(), "every file of the theme must be readable: check its permissions, or remove it from the theme folder".into()),
            Msg::BookTomlNotUtf8Help => pick!("用记事本或 WPS 把 book.toml 另存为 UTF-8 编码".into(), "save book.toml as UTF-8 (Notepad or WPS: Save As, encoding UTF-8)".into()),
            Msg::RootNotFolder(dir) => pick!(format!("--root {dir} 不是一个存在的文件夹"), format!("--root {dir} is no folder that exists")),
            Msg::NoBookTomlHelp => pick!("在站点目录中运行，或用 --root 指定站点目录".into(), "run in the site's folder, or name it with --root".into()),
            Msg::UnsafeBuildDir(dir) => pick!(format!("不能输出到 {dir}：它是站点根目录或其上级，或者包含（或位于）内容目录，生成时会覆盖笔记"), format!("refusing to build into {dir}: it is the root or above it, or holds (or is inside) the content folder, and a build would overwrite notes")),
            Msg::BuildDirForeign { dir, files, count } => pick!(
                format!("不能输出到 {dir}：里面有 {count} 个不是 studybook 生成的文件（{files}），生成站点会删除它们"),
                format!("refusing to build into {dir}: it holds {count} files that no studybook build wrote ({files}), and a build would delete them"),
            ),
            Msg::BuildDirEdited { dir, files, count } => pick!(
                format!("不能输出到 {dir}：里面有 {count} 个页面在上次生成后被手工改过（{files}），生成站点会覆盖这些修改"),
                format!("refusing to build into {dir}: {count} of its pages were changed by hand since the last build ({files}), and a build would write over the changes"),
            ),
            Msg::SamePageNote(other) => pick!(format!("与 {other} 会生成同一个页面（文件名只差扩展名、文件名不允许的字符或编码），这一篇未发布"), format!("this file would get the same page as {other} (the names differ only in extension, in characters file names cannot hold, or in encoding), so it was not published")),
            Msg::NameEncoding(name) => pick!(format!("文件名不是 UTF-8 编码，已按 GBK/GB18030（或繁体的 Big5）读作 {name}"), format!("the file name is not UTF-8; it was read as GBK/GB18030 (or traditional Big5): {name}")),
            Msg::NameLooksGbk(name) => pick!(format!("文件名按 UTF-8 读不成中文，和同一文件夹里的其他文件名一样是 GBK 编码，已按 GBK/GB18030 读作 {name}"), format!("the file name reads as no Chinese in UTF-8 and is GBK like the other names in its folder; it was read as GBK/GB18030: {name}")),
            Msg::NameEncodingHelp => pick!("把文件改个名（在本机重新输入文件名即可），以免在其他电脑上显示成乱码".into(), "rename the file (typing its name again on this machine is enough), so that other computers do not show it garbled".into()),
            Msg::PageEditedKept(path) => pick!(format!("{path} 在磁盘上被手工改过，没有覆盖它：预览里是新的页面，磁盘上的还是改过的那份。页面要改就改笔记；不要这份修改时删掉这个文件"), format!("{path} was changed by hand on disk and is not written over: the preview shows the new page, the disk keeps the edited one. Change the note to change the page; delete the file if the edit is not wanted")),
            Msg::BuildDirGoneRewritten(dir) => pick!(format!("输出目录 {dir} 不见了（被移动或删除），已重新完整写出"), format!("the build folder {dir} is gone (moved or deleted): it was written again in full")),
            Msg::WatchRootGone(dir) => pick!(format!("站点文件夹 {dir} 不见了（被移动、改名或删除）；预览保持最后一次的内容。请在新位置重新运行 studybook serve --watch"), format!("the site folder {dir} is gone (moved, renamed or deleted); the preview keeps what it last had. Run studybook serve --watch again where it is now")),
            Msg::WatchContentGone(dir) => pick!(format!("内容文件夹 {dir} 不见了；预览保持最后一次的内容，它回来后自动更新"), format!("the content folder {dir} is gone; the preview keeps what it last had, and updates once it is back")),
            Msg::WatchContentBack(dir) => pick!(format!("内容文件夹 {dir} 回来了，已重新开始监视并重新生成"), format!("the content folder {dir} is back: watching it afresh and rebuilding")),
            Msg::WatchContentReplaced(dir) => pick!(format!("内容文件夹 {dir} 被换成了另一个文件夹，已重新开始监视并重新生成"), format!("the content folder {dir} was replaced by another folder: watching it afresh and rebuilding")),
            Msg::WatchThemeChanged => pick!("主题文件夹有增减，已重新开始监视".into(), "a theme folder came or went: watching afresh".into()),
            Msg::MoreInFile(n) => pick!(format!("这个文件还有 {n} 条问题没有列出"), format!("{n} more problems in this file are not listed")),
            Msg::MoreInFileHelp => pick!("先改正上面列出的问题，再检查一次".into(), "fix the problems above first, then check again".into()),
            Msg::TooManyTags { count, kept } => pick!(format!("有 {count} 个标签，只用前 {kept} 个"), format!("{count} tags: only the first {kept} are used")),
            Msg::TooManyTagsHelp => pick!("标签用来归类，每篇几个就够；每个标签都会生成一个页面".into(), "tags sort notes: a few per note are enough, and each one makes a page".into()),
            Msg::AuthorNotFolder { author, folder, id } => pick!(format!("作者写的是 `{author}`，笔记却放在{folder}的文件夹 content/{id}/ 里；按作者 `{author}` 统计"), format!("the author is `{author}`, but the note is in {folder}'s folder content/{id}/; it counts for `{author}`")),
            Msg::AuthorNotFolderHelp => pick!("把笔记移到作者自己的文件夹，或改正 author".into(), "move the note into its author's folder, or correct the author".into()),
            Msg::EmptyFile => pick!("文件是空的".into(), "the file is empty".into()),
            Msg::EmptyFileHelp => pick!("写好笔记再保存；不需要的空文件请删除".into(), "write the note and save it again, or delete the empty file".into()),
            Msg::EmptyBlockBeforeFields => pick!("开头的两行 --- 之间是空的，字段写在了它们下面：多了一行 ---".into(), "the first two --- lines enclose nothing, and the fields come after them: there is one --- too many".into()),
            Msg::EmptyBlockBeforeFieldsHelp => pick!("删掉第二行的 ---，让字段写在开头的两行 --- 之间".into(), "delete the second ---, so that the fields are between the opening two".into()),
            Msg::SectionLooksLike { line, text, section } => pick!(format!("第 {line} 行“{text}”像是这一部分的小标题：把它单独写成一行，例如 `## {section}` 或 `一、{section}`，下面写内容"), format!("line {line}, \"{text}\", looks like this section's heading: write it on a line of its own, such as `## {section}`, with the text below it")),
            Msg::NothingOwn => pick!("正文只有引用的原文、文件标题或链接，没有自己写的内容".into(), "the body holds only quoted text, document titles or links, and nothing written by the member".into()),
            Msg::NothingOwnHelp => pick!("原文可以引用（用 > 开头），但要写出自己学到了什么、有什么体会".into(), "quoting is fine (lines starting with >), but write what you learned and what you took from it yourself".into()),
            Msg::TemplateCode => pick!("正文里有博客程序的模板代码（{{< … >}}、{% … %}），不会显示为正文，也不计入字数".into(), "the body holds a blog engine's template code ({{< … >}}, {% … %}), which is not shown as text and not counted".into()),
            Msg::TemplateCodeHelp => pick!("删掉这些代码，改用 Markdown 写；图片用 ![说明](图片.png)".into(), "delete the code and write it in Markdown; images as ![caption](image.png)".into()),
            Msg::RuleCount { rule, files } => pick!(format!("{rule} {files} 个文件"), format!("{rule} {files} files")),
            Msg::ByRule(list) => pick!(format!("按问题统计：{list}"), format!("by rule: {list}")),
            Msg::MemberRejected { name, notes } => pick!(format!("{name} {notes} 篇"), format!("{name} {notes}")),
            Msg::MostRejected(list) => pick!(format!("被拒绝笔记较多的党员（可请他们先修改）：{list}"), format!("members with the most rejected notes (ask them first): {list}")),
            Msg::RemoteImage(url) => pick!(format!("图片 {url} 在别的网站上，内网打不开，页面上显示为链接"), format!("the image {url} is on another site, which the intranet cannot reach: it is shown as a link")),
            Msg::RemoteImageHelp => pick!("把图片下载下来，放在笔记旁边，再用 ![说明](图片.png) 引用".into(), "download the image, put it beside the note and link it with ![caption](image.png)".into()),
            Msg::MissingImage(path) => pick!(format!("图片 {path} 在 content 目录里找不到，页面上会显示不出来"), format!("the image {path} is not in the content folder, so the page cannot show it")),
            Msg::ImageNotFound(path) => pick!(format!("图片 {path} 找不到，页面上会显示不出来"), format!("the image {path} cannot be found, so the page cannot show it")),
            Msg::ImageNotFoundHelp => pick!("相对路径从这篇笔记所在的文件夹算起：核对文件名（含大小写和扩展名），或把图片放到笔记旁边".into(), "a relative path is read from this note's folder: check the file name (its case and extension too), or put the image beside the note".into()),
            Msg::ImageWithheld(path) => pick!(format!("图片 {path} 没有发布，页面上会显示不出来"), format!("the image {path} is not published, so the page cannot show it")),
            Msg::LinkWithheld(path) => pick!(format!("链接的文件 {path} 没有发布，读者点开会找不到"), format!("the linked file {path} is not published, so a reader who follows the link finds nothing")),
            Msg::LinkNotFound(path) => pick!(format!("链接的 {path} 找不到，读者点开会找不到"), format!("the linked {path} cannot be found, so a reader who follows the link finds nothing")),
            Msg::LinkNotFoundHelp => pick!("相对路径从这篇笔记所在的文件夹算起：核对文件名（含大小写和扩展名），或去掉这个链接".into(), "a relative path is read from this note's folder: check the file name (its case and extension too), or take the link out".into()),
            Msg::LinkNotFoundRootedHelp => pick!("以 / 开头的路径从内容文件夹（content）算起：核对文件名（含大小写和扩展名），或去掉这个链接".into(), "a path beginning with / is read from the content folder: check the file name (its case and extension too), or take the link out".into()),
            Msg::LinkWithoutExtensionHelp(name) => pick!(format!("链接笔记要写上扩展名：写成 {name}"), format!("a link to a note needs its extension: write {name}")),
            Msg::LinkToHeldNote(path) => pick!(format!("链接的笔记 {path} 不发布（草稿或留给自己的），读者点开会找不到"), format!("the linked note {path} is not published (a draft or kept to its writer), so a reader who follows the link finds nothing")),
            Msg::LinkToHeldNoteHelp => pick!("去掉这个链接，或等那篇笔记发布后再链接".into(), "take the link out, or link to the note once it is published".into()),
            Msg::LinkToRejectedNote(path) => pick!(format!("链接的笔记 {path} 没有通过检查，不发布，读者点开会找不到"), format!("the linked note {path} did not pass the check and is not published, so a reader who follows the link finds nothing")),
            Msg::LinkToRejectedNoteHelp => pick!("先改好那篇笔记（对它的提示说明了原因），或去掉这个链接".into(), "mend that note first (its own diagnostics say why), or take the link out".into()),
            Msg::LinkInDraftsHelp => pick!("这个文件在草稿文件夹或隐藏文件夹里，不会发布：要让读者看到，把它移到笔记旁边；否则去掉这个链接".into(), "the file is in a drafts or hidden folder, which is never published: move it beside the note for readers to see it, or take the link out".into()),
            Msg::LinkWithheldHelp => pick!("这个文件没有通过发布检查，原因见对它的提示：改好这个文件，或去掉这个链接".into(), "the file did not pass the publishing check (its own warning says why): mend the file, or take the link out".into()),
            Msg::MissingImageHelp => pick!("以 / 开头的路径从 content 目录算起：把图片放到对应位置，或改用相对路径 ![说明](图片.png)".into(), "a path starting with / is read from the content folder: put the image there, or use a relative path ![caption](image.png)".into()),
            Msg::EmphasisShown => pick!("这里的加粗没有生效，页面上会显示 ** 号：** 没有成对，或紧挨着英文引号、括号等半角标点".into(), "this bold does not take, and the page shows the ** marks: the ** are not paired, or sit right beside ASCII quotes or brackets".into()),
            Msg::EmphasisShownHelp => pick!("检查 ** 是否成对；半角标点换成中文标点（**“两个维护”**是），或在 ** 外侧加一个空格".into(), "check that the ** come in pairs; use Chinese punctuation (**“两个维护”**是), or put a space outside the **".into()),
            Msg::PathOutsideSite { key, path } => pick!(format!("book.toml 中 {key} = \"{path}\" 指到了站点文件夹之外：笔记、名册、学习计划和考核细则只能放在站点文件夹里"), format!("{key} = \"{path}\" in book.toml leads outside the site's folder: notes, the roster, the plan and the scheme must be inside it")),
            Msg::PathOutsideSiteHelp => pick!("写站点文件夹里的相对路径，例如 content-dir = \"content\"、members = \"content/members.yaml\"；不要用 .. 或绝对路径".into(), "write a path relative to the site's folder, such as content-dir = \"content\" or members = \"content/members.yaml\", without .. or an absolute path".into()),
            Msg::LockLost(dir) => pick!(format!("注意：{dir} 的锁已被另一次生成接管（本程序曾长时间暂停，例如电脑休眠）；预览照常，但不再写入 {dir}。要继续写入，请停止后重新运行 serve"), format!("note: another build took over the lock of {dir} (this program was paused for long, e.g. the computer slept); the preview goes on, but nothing more is written into {dir}. Stop and run serve again to write it")),
            Msg::Overloaded(cap) => pick!(format!("注意：同时打开的连接太多（上限 {cap} 个），或本机打开的文件数达到了系统上限，暂时拒绝了一些连接；连接减少后自动恢复"), format!("note: too many connections at once (the limit is {cap}), or this machine's limit on open files was reached, so some connections were turned away; serving recovers once there are fewer")),
            Msg::SameFileAsset(other) => pick!(format!("与 {other} 会写成同一个文件（文件名只差大小写或文件名不允许的字符），这一个未发布"), format!("this file would be written as the same file as {other} (the names differ only in case or in characters file names cannot hold), so it was not published")),
            Msg::UnreadableDataHelp => pick!("名册和学习计划要是普通的文本文件（不是链接、管道或设备），并且可以读取：检查它的权限，必要时重新保存一份".into(), "the roster and the plan must be plain text files (not a link, a pipe or a device) that can be read: check the permissions, or save it again".into()),
            Msg::AssetUnread => pick!("这张 SVG 图片读不出来（没有权限，或生成时被删除了），未发布".into(), "this SVG image could not be read (no permission, or it was deleted during the build), so it was not published".into()),
            Msg::AssetServerCode => pick!("网站服务器会把这类文件（.php、.asp、.jsp、web.config 等）当作程序运行，未发布".into(), "a web server runs files of this kind (.php, .asp, .jsp, web.config …) as programs, so it was not published".into()),
            Msg::AssetArchiveOfNotes => pick!("这是压缩包（zip、tar、gz、7z、rar 等，按文件内容判断），里面的文件无法逐一检查（可能有草稿、密钥或涉密材料），未发布".into(), "this is an archive or a compressed file (zip, tar, gz, 7z, rar …, judged by its bytes) whose files cannot each be checked (a draft, a key or a classified paper may be among them), so it was not published".into()),
            Msg::AssetArchiveOfNotesHelp => pick!("把要分享的文件解压出来放进内容文件夹，逐一检查后发布；笔记放进成员自己的文件夹".into(), "unpack the files to be shared into the content folder, where each is checked; notes go into their members' folders".into()),
            Msg::AssetNoteInside => pick!("这个文件开头是笔记的字段区（--- 之间的 title、author 等），是另存成别的格式或别的名字的笔记，不经检查不会发布".into(), "this file begins with a note's front matter (title, author … between ---): a note saved in another format or under another name, not published unchecked".into()),
            Msg::AssetNoteInsideHelp => pick!("是笔记就改成 .md 结尾，放进成员自己的文件夹；不是笔记就删掉开头的 --- 字段区".into(), "if it is a note, give it a .md name in its member's folder; if not, take the front matter off its top".into()),
            Msg::AssetCopyOfSource => pick!("这像是笔记、名册或学习计划的副本（名字里 .md、.yaml 等后面又多了一个后缀），不经检查不会发布".into(), "this looks like a copy of a note, the roster or the plan (another extension after .md, .yaml …), so it was not published unchecked".into()),
            Msg::AssetHardLink => pick!("这个文件还有别的名字（硬链接），其中有的不在要发布的文件里（可能是名册、评分表或 content 目录外的文件），未发布".into(), "this file has another name (a hard link) that is not among the files to publish (the roster, a score sheet, a file outside the content folder, perhaps), so it was not published".into()),
            Msg::AssetHardLinkHelp => pick!("要发布就放一份复制的文件，不要用硬链接（ln 不带 -s，或 mklink /H）".into(), "to publish it, put a copy here instead of a hard link (ln without -s, or mklink /H)".into()),
            Msg::AssetBesideUnread => pick!("同一个文件夹里有读不了的 .md 文件，可能是考核文件或测评记录，为稳妥起见这个文件未发布".into(), "a Markdown file in the same folder could not be read and may be an assessment file or a review record, so to be safe this file was not published".into()),
            Msg::AssetBesideUnreadHelp => pick!("让 studybook 能读取那个 .md 文件（见对它的提示）后再生成；它若确是考核材料，这里的文件本就不会发布".into(), "let studybook read that Markdown file (see its own message) and build again; if it is assessment material, the files here are not published anyway".into()),
            Msg::DocumentKeySlip { key, review: false } => pick!(format!("{key} 看起来是支部考核文件的键（应写 assessment）：这个文件按支部考核文件处理，同一文件夹里的文件都不发布"), format!("{key} reads as a key of an assessment file (assessment is meant): the file is taken as an assessment file, and nothing in its folder is published")),
            Msg::DocumentKeySlip { key, review: true } => pick!(format!("{key} 看起来是述职测评记录的键（应写 review）：这个文件按述职测评记录处理，同一文件夹里的文件都不发布"), format!("{key} reads as a key of a review record (review is meant): the file is taken as a review record, and nothing in its folder is published")),
            Msg::DocumentKeySlipHelp { review: false } => pick!("第一个字段写 assessment: 2022（年度），或写中文键 考核: 2022".into(), "start with assessment: 2022 (the year), or the Chinese key 考核: 2022".into()),
            Msg::DocumentKeySlipHelp { review: true } => pick!("第一个字段写 review: 述职述廉，或写中文键 测评: 述职述廉".into(), "start with review: 述职述廉, or the Chinese key 测评: 述职述廉".into()),
            Msg::MatrixTooLarge { members, items } => pick!(format!("名册有 {members} 人、学习计划有 {items} 项，逐人逐项的表格太大，网页上不列出：每位党员的情况见各支部和党员的页面，全部数字可用 studybook coverage --format csv 导出"), format!("the roster has {members} members and the plan {items} items: a table of every member by every item is too large for a page, so it is not shown here; each member's coverage is on the branch and member pages, and studybook coverage --format csv exports every figure")),
            Msg::BuiltInTemplateHelp => pick!("这一页由 studybook 自带的模板生成，不是站点里的文件：请把这条消息连同站点的规模（人数、学习计划项目数、笔记数）告诉维护 studybook 的同事".into(), "this page is made by studybook's built-in theme, not by a file of the site: report this message, with the site's size (members, plan items, notes), to whoever maintains studybook".into()),
            Msg::LongBefore { date, years } => pick!(format!("日期 {date} 比最近的会议记录早 {years} 年，可能写错了年份；统计时不算在内"), format!("the date {date} is {years} years before the latest meeting record, likely a slip of the year; the counts leave it out")),
            Msg::LongBeforeHelp => pick!("改正年份；确实是那时的记录，统计时用 studybook meetings --since 指定起始日期".into(), "correct the year; if the record really is that old, count it with studybook meetings --since".into()),
            Msg::PrivateFileDiagnostics => pick!("这是草稿或考核材料，不发布：这里只列出问题所在的行，不显示文件的内容；详细说明请在本机运行 studybook check 查看".into(), "this is a draft or assessment material, never published: only where the problems are is listed here, not the file's words; run studybook check on this machine for the details".into()),
            Msg::ThemeFileWithheldHelp => pick!("主题的 static 文件夹里的文件会原样发布到站点：把这个文件移出主题（硬链接改为复制一份），再生成".into(), "everything in the theme's static folder is published as it is: move this file out of the theme (put a copy in place of a hard link), then build again".into()),
            Msg::HeldByKey(key) => pick!(format!("{key} 像是要把这篇笔记留作草稿或不公开，但 studybook 不认识这个写法：按草稿处理，已检查但未发布"), format!("{key} reads as keeping this note a draft or private, but studybook does not know it: the note is held back as a draft, checked and not published")),
            Msg::HeldBySecret => pick!("正文里有私钥、访问令牌或带密码的地址：这篇笔记不发布，已检查".into(), "the text holds a private key, an access token or an address with its password: the note is checked and not published".into()),
            Msg::HeldBySecretHelp => pick!("删掉这段密钥或令牌（并请管理员作废它），再保存".into(), "take the key or token out (and have it revoked), then save".into()),
            Msg::HeldByFileName => pick!("文件名像是把这篇笔记留作草稿或不公开：按草稿处理，已检查但未发布".into(), "the file name reads as keeping this note a draft or private: the note is held back as a draft, checked and not published".into()),
            Msg::HeldByTitle => pick!("标题像是把这篇笔记留作草稿、不公开或涉密（例如【草稿】、【机密】、秘密★1年）：按草稿处理，已检查但未发布".into(), "the title reads as keeping this note a draft, private or classified (such as 【草稿】, 【机密】, 秘密★1年): the note is held back as a draft, checked and not published".into()),
            Msg::HeldByTitleHelp => pick!("要发布就把标题里的这个标记去掉；要留作草稿，写 draft: true".into(), "to publish the note, take that mark out of its title; to keep it a draft, write draft: true".into()),
            Msg::HeldByFileNameHelp => pick!("要发布就给文件换个名字（例如用日期和题目）；要留作草稿，写 draft: true".into(), "to publish the note, give the file another name (its date and subject, say); to keep it a draft, write draft: true".into()),
            Msg::HeldBySecondBlock(key) => pick!(format!("正文开头又有一段字段，其中的 {key} 要把这篇笔记留作草稿或不公开：按草稿处理，已检查但未发布"), format!("the body opens with a second block of fields whose {key} keeps this note a draft or private: the note is held back as a draft, checked and not published")),
            Msg::HeldBySecondBlockHelp => pick!("把这几行并到文件开头的字段里（两个 --- 之间只留一段）；要发布就删掉这一行".into(), "move these lines into the fields at the top of the file (one block between the two ---); to publish the note, take this line out".into()),
            Msg::HeldByKeyHelp => pick!("要发布就删掉这一行；要留作草稿，写 draft: true".into(), "to publish the note, take this line out; to keep it a draft, write draft: true".into()),
            Msg::NotYetPublished { key, day, timed: false } => pick!(format!("{key} 写的是 {day}，还没到这一天：这篇笔记先不发布，已检查；到那天以后重新构建才会发布"), format!("{key} says {day}, which has not come yet: the note is checked but not published until a build on or after that day")),
            Msg::NotYetPublished { key, day, timed: true } => pick!(format!("{key} 写的是 {day} 当天的某个时刻：studybook 按日期判断，这篇笔记先不发布，已检查；{day} 之后重新构建才会发布"), format!("{key} says a time on {day}: studybook goes by the day, so the note is checked but not published until a build after {day}")),
            Msg::NotYetPublishedHelp => pick!("要现在就发布，删掉这一行".into(), "to publish it now, take this line out".into()),
            Msg::Expired { key, day, timed: false } => pick!(format!("{key} 写的是 {day}：从这一天起这篇笔记不再发布，已检查"), format!("{key} says {day}: from that day on, the note is checked but no longer published")),
            Msg::Expired { key, day, timed: true } => pick!(format!("{key} 写的是 {day} 当天的某个时刻：studybook 按日期判断，从这一天起这篇笔记不再发布，已检查"), format!("{key} says a time on {day}: studybook goes by the day, so from that day on the note is checked but no longer published")),
            Msg::ExpiredHelp => pick!("要继续发布，删掉这一行或改成以后的日期".into(), "to keep it published, take this line out or write a later day".into()),
            Msg::AssetSecret => pick!("这像是密钥、证书、密码库、邮箱、数据库、配置文件、日志或备份，可能含有密码或内部资料，未发布".into(), "this looks like a key, a certificate, a password store, a mailbox, a database, a configuration file, a log or a backup, which may hold passwords or internal records, so it was not published".into()),
            Msg::AssetSecretHelp => pick!("把它移出 content 目录；确实要发布的资料，另存为 PDF 或文本再放进来".into(), "move it out of the content folder; if it is meant to be published, save it as a PDF or as text and put that here".into()),
            Msg::AssetMisnamed => pick!("文件名（或它所在文件夹的名字）以点或空格结尾，Windows 会去掉它们，把它当成另一个文件，未发布".into(), "the file's name (or its folder's) ends in a dot or a space, which Windows drops, making it another file, so it was not published".into()),
            Msg::AssetDraftsOnly => pick!("只有不发布的笔记（草稿、设了密码或留给自己的笔记）用到这个文件，它也不发布".into(), "only notes that are not published (drafts, notes with a password or kept to their writer) link to this file, so it is not published either".into()),
            Msg::AssetDraftsOnlyHelp => pick!("笔记发布后，这个文件会随它一起发布；不想发布的图片和附件不要放在内容文件夹里".into(), "it is published with the note once the note is; keep pictures and files meant for nobody out of the content folder".into()),
            Msg::AssetMisnamedHelp => pick!("给文件改名，去掉末尾的点或空格".into(), "rename the file without the dot or space at the end".into()),
            Msg::AssetCopyOfSourceHelp => pick!("是笔记就把名字改回 .md 结尾（记事本常存成 .md.txt）；是备份就移出 content 目录".into(), "if it is a note, give it back its .md name (Notepad saves .md.txt); if it is a backup, move it out of the content folder".into()),
            Msg::AssetProgram => pick!("这是可执行程序或脚本（.exe、.bat、.hta、.vbs、.lnk 等），读者在网页上点开就会在电脑上运行，未发布".into(), "this is a program or a script (.exe, .bat, .hta, .vbs, .lnk …) that runs on the reader's computer when opened from the site, so it was not published".into()),
            Msg::AssetGoneDuringBuild => pick!("这个文件在生成站点的过程中被删除或移走了，没有发布：链接它的页面会找不到它".into(), "this file was deleted or moved away while the site was being built, so it was not published: a page that links to it will find nothing".into()),
            Msg::AssetGoneDuringBuildHelp => pick!("文件放回原处后再生成一次；若是有意删除，改掉链接它的笔记".into(), "put the file back and build again; if it was deleted on purpose, change the notes that link to it".into()),
            Msg::AssetIsDocument => pick!("这个文件是另存为别的格式的考核文件或述职测评记录，未发布：考核结果公示前是内部的".into(), "this file is an assessment file or a review record saved under another name, so it was not published: results stay internal until they are announced".into()),
            Msg::AssetBesideAssessment => pick!("这个文件和考核文件或述职测评记录放在同一个文件夹里，未发布：考核结果公示前是内部的".into(), "this file sits in a folder with assessment files or review records, so it was not published: results stay internal until they are announced".into()),
            Msg::NoteBesideAssessment => pick!("这篇笔记和考核文件或述职测评记录放在同一个文件夹里：照常检查，但不发布（当作草稿）".into(), "this note sits in a folder with assessment files or review records: it is checked, but not published (kept as a draft)".into()),
            Msg::NoteBesideAssessmentHelp => pick!("要发布，把它移到党员自己的文件夹（content/编号/）".into(), "to publish it, move it to its member's folder (content/<id>/)".into()),
            Msg::AssetBesideAssessmentHelp => pick!("要发布的图片和附件放到笔记所在的文件夹；考核的底稿、评分表留在这里不会发布".into(), "put images and attachments to publish beside the notes; the assessment's papers and score sheets stay here unpublished".into()),
            Msg::AssetServerCodeHelp => pick!("要分享源代码，请打包成 .zip 或改成 .txt 后缀".into(), "to share source code, put it in a .zip or give it a .txt name".into()),
            Msg::AssetMarkup => pick!("HTML 文件可能带有脚本，会在读者的浏览器里运行，未发布".into(), "an HTML file can carry script that runs in the reader's browser, and was not published".into()),
            Msg::AssetActiveSvg => pick!("这张 SVG 图片里有脚本、事件属性、嵌入的网页，或要从别的网站、本机文件取内容的地址，单独打开时会在读者的浏览器里运行或去取，未发布".into(), "this SVG image holds script, event attributes, an embedded page, or an address to fetch from another site or a local file, which the reader's browser would run or fetch when it is opened, so it was not published".into()),
            Msg::AssetActiveSvgHelp => pick!("把图片另存为 PNG，或用绘图软件重新导出为不含脚本的 SVG；确实信任这些文件时在 book.toml 的 [build] 中设置 allow-html = true".into(), "save the image as PNG, or export it again as an SVG without script; if you do trust these files, set allow-html = true under [build] in book.toml".into()),
            Msg::AssetOnAPage => pick!("这个 HTML 文件会落在同名笔记的页面上、取代那篇笔记，未发布".into(), "this HTML file would land on the page of the note of the same name and replace it, so it was not published".into()),
            Msg::UnderAPage => pick!("它所在的文件夹与一篇笔记的页面同名（例如 a.html 文件夹和 a.md），站点上两者只能有一个，这个文件未发布".into(), "its folder is named as a note's page is (an a.html folder beside a.md): the site cannot have both, so this file was not published".into()),
            Msg::UnderAPageHelp => pick!("给这个文件夹换一个不以 .html 结尾的名字".into(), "give the folder a name that does not end in .html".into()),
            Msg::AssetOnAPageHelp => pick!("给它换一个与笔记不同的文件名，或把内容写进笔记".into(), "give it a name no note has, or write its content into the note".into()),
            Msg::LinkOtherKind => pick!("符号链接的名字和它指向的文件不是同一类（例如 .txt 链接到一篇 .md 笔记），笔记不经检查不会这样发布，已忽略".into(), "a symbolic link is named as another kind of file than the one it leads to (a .txt leading to a .md note), and a note is never published unchecked that way: ignored".into()),
            Msg::LinkUnpublished => pick!("符号链接指向一个不会发布的文件（隐藏文件夹、名册或计划等数据文件、编辑器的临时文件），已忽略".into(), "a symbolic link leads to a file that is never published (a hidden folder, a data file such as the roster or plan, an editor's temp file) and was ignored".into()),
            Msg::LinkBroken => pick!("符号链接指向的文件不存在，或链接绕成了一个圈，已忽略".into(), "a symbolic link leads to nothing, or in a circle, and was ignored".into()),
            Msg::LinkBrokenHelp => pick!("删除这个链接，或把它指向的文件复制到这里".into(), "delete the link, or copy the file it should lead to here".into()),
            Msg::SpecialFile => pick!("这不是普通文件（是管道、套接字或设备），没有读取".into(), "this is not a regular file (a pipe, a socket or a device) and was not read".into()),
            Msg::SpecialFileHelp => pick!("把它移出 content 目录；笔记和图片都应是普通文件".into(), "move it out of the content folder: notes and images are regular files".into()),
            Msg::OutNotRegular(path) => pick!(format!("{path} 不是普通文件（是管道、套接字或设备），studybook 不会写入或替换它"), format!("{path} is not a regular file (a pipe, a socket or a device); studybook never writes to or replaces it")),
            Msg::OutEndsInSeparator(path) => pick!(format!("{path} 以 / 结尾，是文件夹的写法：请写出文件名，例如 {path}学习情况统计.xlsx"), format!("{path} ends in /, which names a folder: name a file, e.g. {path}report.xlsx")),
            Msg::BuildDirBusy { dir, holder, lock } => pick!(
                format!("不能输出到 {dir}：{holder}正在写入它，同时写会互相破坏（锁文件 {lock}）"),
                format!("refusing to build into {dir}: {holder} is writing into it, and two writers would spoil each other's work (lock file {lock})"),
            ),
            Msg::BuildDirBusyHelp => pick!(
                "等那次生成结束后再运行；或用 --out 输出到另一个文件夹。若确认那个程序已经不在运行（例如另一台电脑或容器已关机），删除上面说的锁文件后重试".into(),
                "run again once that build has finished, or build into another folder with --out. If you are sure that program is no longer running (another computer or container that was shut down), delete the lock file named above and try again".into(),
            ),
            Msg::BuildDirBusyServeHelp => pick!(
                "serve 已在保持这个文件夹最新：先在运行 serve 的窗口按 Ctrl+C 停止它，或用 --out 输出到另一个文件夹".into(),
                "serve keeps this folder up to date already: stop it first with Ctrl+C in its window, or build into another folder with --out".into(),
            ),
            Msg::LockHolder { command, host, pid, since } => pick!(
                format!("studybook {command}（主机 {host}，进程 {pid}，{since} 开始）"),
                format!("studybook {command} (host {host}, process {pid}, since {since})"),
            ),
            Msg::LockTakenOver { dir, holder } => pick!(
                format!("注意：{dir} 的锁属于{holder}，但已超过 15 分钟没有更新，视为遗留，已接管"),
                format!("note: the lock of {dir} belonged to {holder} but was not refreshed for over 15 minutes; it was taken as left over"),
            ),
            Msg::BuildDirNewer { dir, format } => pick!(
                format!("不能输出到 {dir}：它是较新版本的 studybook 生成的（标记格式 {format}），这个版本读不懂它的标记，不会替换它"),
                format!("refusing to build into {dir}: a later version of studybook built it (mark format {format}), and this version cannot read its mark, so it does not replace it"),
            ),
            Msg::BuildDirLockUnusable { dir, lock } => pick!(
                format!("不能输出到 {dir}：它旁边的锁文件 {lock} 不是 studybook 写的（是符号链接、管道，或内容读不懂），studybook 不会动它"),
                format!("refusing to build into {dir}: its lock file {lock} is not one studybook wrote (a symbolic link, a pipe, or unreadable), and studybook leaves it alone"),
            ),
            Msg::BuildDirMarkDamaged { dir, line } => pick!(
                format!("不能输出到 {dir}：它的标记文件 .studybook-build 第 {line} 行不是 studybook 写的（被改坏或伪造），studybook 不能凭它判断哪些文件是自己生成的，不会替换这个文件夹"),
                format!("refusing to build into {dir}: line {line} of its mark .studybook-build is not one studybook writes (damaged or forged), so it cannot tell which files are its own, and does not replace the folder"),
            ),
            Msg::BuildDirMarkDamagedHelp => pick!(
                "如果这个文件夹确实只有 studybook 生成的站点，把整个文件夹移走或删除后再生成；否则用 --out 输出到另一个文件夹".into(),
                "if the folder holds only a site studybook built, move it away or delete it and build again; otherwise build into another folder with --out".into(),
            ),
            Msg::BuildDirLockUnusableHelp => pick!(
                "确认没有别的 studybook 正在生成后，删除这个文件再运行一次".into(),
                "once sure no other studybook is building, delete that file and run again".into(),
            ),
            Msg::BuildDirInsideBuilt { dir, site } => pick!(
                format!("不能输出到 {dir}：它在 studybook 生成的站点 {site} 里面，输出到那里会把文件混进那个站点"),
                format!("refusing to build into {dir}: it lies inside {site}, a site studybook built, and building there would mix files into that site"),
            ),
            Msg::BuildDirInsideBuiltHelp => pick!(
                "用 --out 指定一个不在已生成站点里面的文件夹，例如站点旁边的 site-2".into(),
                "name a folder outside any built site with --out, such as site-2 beside it".into(),
            ),
            Msg::BuildDirNewerHelp => pick!(
                "用生成它的那个（较新的）studybook 版本，或用 --out 输出到另一个文件夹".into(),
                "use the later studybook that built it, or build into another folder with --out".into(),
            ),
            Msg::BuildDirForeignHelp => pick!(
                "用 --out 或 book.toml 的 build-dir 指定一个不存在的或空的文件夹，例如 site-2；如果这些文件确实不要了，请自己先把它们移走".into(),
                "name a folder that does not exist or is empty with --out or build-dir in book.toml, such as site-2; if those files are really not wanted, move them away yourself first".into(),
            ),
            Msg::BuildDirEditedHelp => pick!(
                "站点每次都从 content/ 里的笔记重新生成：要改页面，请改对应的笔记。如果要留下这些修改，先把这些文件复制到别处；确实不要了，就把它们删掉，再生成".into(),
                "the site is made again from the notes in content/ on every build: to change a page, change its note. To keep these changes, copy the files elsewhere first; if they are not wanted, delete them, then build again".into(),
            ),
            Msg::BuildDirMountPoint(dir) => pick!(format!("不能输出到 {dir}：它是一个挂载点（共享盘或另一块磁盘挂在这里），新站点没法整体放到它的位置上"), format!("refusing to build into {dir}: it is a mount point (a share or another disk is mounted there), and a new site cannot be put in its place")),
            Msg::BuildDirMountPointHelp => pick!("输出到挂载点里面的一个文件夹，例如在它后面加 /site；网站服务器也指向那个文件夹".into(), "build into a folder inside the mount point, such as its /site, and point the web server at that folder".into()),
            Msg::BuildDirLink(dir) => pick!(format!("不能输出到 {dir}：它是一个符号链接，studybook 不会替换链接指向的内容"), format!("refusing to build into {dir}: it is a symbolic link, and studybook never replaces what a link leads to")),
            Msg::BuildDirNotFolder(dir) => pick!(format!("不能输出到 {dir}：它是一个文件，不是文件夹"), format!("refusing to build into {dir}: it is a file, not a folder")),
            Msg::BuildDirOtherHelp => pick!("用 --out 或 book.toml 的 build-dir 指定一个不存在的或空的文件夹，例如 site-2".into(), "name a folder that does not exist or is empty with --out or build-dir in book.toml, such as site-2".into()),
            Msg::OldSiteNotPermitted(path) => pick!(format!("新站点已生成；旧站点里有系统不允许删除的文件（被设为不可更改，例如 chattr +i，或属于别的用户），没能删除，留在 {path}：去掉这个属性（Linux 用 chattr -i，macOS 用 chflags nouchg）或请它的主人删除，下次生成时会再试"), format!("the new site is in place; the old one holds a file the system will not let go of (made immutable, as chattr +i does, or another user's), so it was not removed and is left in {path}: clear that flag (chattr -i on Linux, chflags nouchg on macOS) or ask its owner to remove it, and the next build tries again")),
            Msg::OldSiteNotWritable(path) => pick!(format!("新站点已生成；旧站点里有没有写权限的文件夹，没能删除，留在 {path}：请检查它的权限（或共享盘的写权限），下次生成时会再试"), format!("the new site is in place; a folder of the old one cannot be written, so it was not removed and is left in {path}: check its permissions (or the share's), and the next build tries again")),
            Msg::BuildDirTilde(dir) => pick!(format!("build-dir = \"{dir}\"：studybook 不会把 ~ 换成主目录，这样会在站点里建一个名叫 ~ 的文件夹"), format!("build-dir = \"{dir}\": studybook does not read ~ as the home folder, and would make a folder named ~ in the site")),
            Msg::BuildDirTildeHelp => pick!("写完整路径（例如 /home/用户名/site），或相对于站点根目录的路径（例如 site）".into(), "write the whole path (such as /home/name/site), or one relative to the site's root (such as site)".into()),
            Msg::LeftoverHeld(path) => pick!(format!("{path} 是 studybook 中断时留下的文件夹，但里面有后来放进去的或改过的文件，没有删除：把要留的文件移走后，手动删除这个文件夹"), format!("{path} was left by an interrupted studybook, but files were put into it or changed since, so it was not removed: move out what you want to keep, then delete the folder by hand")),
            Msg::OldSiteLeft(path) => pick!(format!("新站点已生成；旧站点暂时没能删除，留在 {path}，下次生成时自动清理"), format!("the new site is in place; the old one could not be removed yet, and is left in {path} until the next build removes it")),
            Msg::OldSiteInUse(path) => pick!(format!("新站点已生成；旧站点里有文件正被其他程序（浏览器、编辑器或杀毒软件）占用，暂时没能删除，留在 {path}，下次生成时自动清理"), format!("the new site is in place; a file of the old one is in use by another program (a browser, an editor or an antivirus), so the old site is left in {path} until the next build removes it")),
            Msg::OldSiteKept(path) => pick!(format!("生成期间有人往旧站点里放了或改了文件，旧站点没有删除，已保留为 {path}"), format!("files were put into the old site or changed in it during the build, so it was not deleted: it is kept as {path}")),
            Msg::CannotPrepare { dir, reason } => pick!(format!("无法写入输出目录 {dir}：{reason}"), format!("cannot write the site into {dir}: {reason}")),
            Msg::CannotPrepareMissingHelp(parent) => pick!(format!("检查 {parent} 是否存在、能否在里面新建文件夹；或用 --out 换一个目录"), format!("check that {parent} exists and can hold new folders, or choose another folder with --out")),
            Msg::OutExists(path) => pick!(format!("{path} 已存在，没有覆盖它"), format!("{path} exists and was not replaced")),
            Msg::OutExistsHelp => pick!("换一个文件名，或加 --force 覆盖它".into(), "choose another name, or add --force to replace it".into()),
            Msg::OutFolderLink(path) => pick!(format!("文件夹 {path} 是一个符号链接，studybook 不会通过链接写文件"), format!("the folder {path} is a symbolic link; studybook never writes through a link")),
            Msg::OutFolderLinkHelp => pick!("把它换成真实的文件夹（不是链接、快捷方式），或在别的文件夹里新建".into(), "make it a real folder (not a link or shortcut), or create the file in another folder".into()),
            Msg::OutLink(path) => pick!(format!("{path} 是一个符号链接，studybook 不会通过链接写文件"), format!("{path} is a symbolic link; studybook never writes through a link")),
            Msg::OutLinkHelp => pick!("换一个不是链接的文件名".into(), "choose a name that is not a link".into()),
            Msg::OutFolder(path) => pick!(format!("{path} 是一个文件夹，请写出文件名，例如 {path}/学习情况统计.xlsx"), format!("{path} is a folder: name a file, e.g. {path}/report.xlsx")),
            Msg::OutProtected(path) => pick!(format!("不能写到 {path}：它在站点自己的文件夹里（笔记、主题或生成的网站），或者就是 book.toml"), format!("refusing to write {path}: it is in one of the site's own folders (notes, theme or the built site), or is book.toml")),
            Msg::OutProtectedHelp => pick!("写到站点以外的文件夹，例如 --out ~/学习情况统计.xlsx".into(), "write it outside the site's folders, e.g. --out ~/report.xlsx".into()),
            Msg::OutOutside(path) => pick!(format!("不能写到 {path}：它会落到应在的文件夹之外（路径中有 .. 或指向别处的链接）"), format!("refusing to write {path}: it would land outside the folder it belongs in (a .. or a link leading elsewhere)")),
            Msg::CannotWriteFile { path, reason } => pick!(format!("无法写入 {path}：{reason}"), format!("cannot write {path}: {reason}")),
            Msg::Failed(reason) => pick!(format!("错误：{reason}"), format!("error: {reason}")),
            Msg::BuildDirHoldsOwn(dir) => pick!(format!("不能输出到 {dir}：它是（或包含）站点自己的文件（book.toml、名册、学习计划或主题），生成时会覆盖它们"), format!("refusing to build into {dir}: it is (or holds) the site's own files (book.toml, the roster, the plan or the themes), and a build would overwrite them")),
            Msg::UnsafeOutHelp => pick!("用 --out 指定一个单独的文件夹，例如 --out site 或 --out /srv/www/study".into(), "name a folder of its own with --out, such as --out site or --out /srv/www/study".into()),
            Msg::UnsafeBuildDirHelp => pick!("在 book.toml 的 [build] 中把 build-dir 设为单独的子目录，例如 \"site\"".into(), "set build-dir under [build] in book.toml to a folder of its own, such as \"site\"".into()),
            Msg::MissingRoster(path) => pick!(format!("找不到名册 {path}"), format!("the roster {path} does not exist")),
            Msg::MissingPlan { path, notes } => pick!(
                format!("找不到学习计划 {path}，但有 {notes} 篇笔记写了学习计划项（study），没有它这些笔记都对不上"),
                format!("the study plan {path} does not exist, yet {notes} notes name plan items (study), which nothing can match without it"),
            ),
            Msg::MissingPlanHelp => pick!("把学习计划放到这个位置（每项写 id、title、due），或在 book.toml 的 [coverage] 中用 plan 指定它的位置".into(), "put the study plan there (id, title and due for each item), or point [coverage] plan at it in book.toml".into()),
            Msg::MissingRosterHelp => pick!("创建 members.yaml，每人一项：id、name、branch；或在 [coverage] 中用 members 指定名册位置".into(), "create members.yaml with id, name and branch for each member, or point [coverage] members at the roster".into()),
            Msg::RosterInvalid(detail) => pick!(format!("名册有误：{detail}"), format!("invalid roster: {detail}")),
            Msg::DuplicateMemberId(id) => pick!(format!("名册中 id `{id}` 重复"), format!("the roster lists id `{id}` twice")),
            Msg::DuplicateMemberName(name) => pick!(format!("名册中姓名 `{name}` 重复，笔记无法用姓名区分这两人"), format!("the roster lists the name `{name}` twice, so a note cannot tell them apart by name")),
            Msg::DuplicateHelp => pick!("每个 id 只能出现一次；同名的人请在笔记中用 id 作 author，并在名册中区分姓名（如 张伟（二支部））".into(), "each id may appear once; give namesakes distinct names and have their notes use the id".into()),
            Msg::EmptyRoster => pick!("名册里没有任何党员".into(), "the roster lists no members".into()),
            Msg::EmptyRosterHelp => pick!("每位党员写一项：\n  - id: zhangsan\n    name: 张三\n    branch: 第一党支部".into(), "write one entry per member:\n  - id: zhangsan\n    name: Zhang San\n    branch: First branch".into()),
            Msg::UnsafeMemberId { id, why } => {
                use crate::names::Unsafe;
                let (zh_why, en_why) = match why {
                    Unsafe::Dots => ("不能是空的、. 或 ..".to_string(), "it cannot be empty, . or ..".to_string()),
                    Unsafe::Character(c) if c.is_control() => ("含有控制字符".into(), "it holds a control character".into()),
                    Unsafe::Character(c) => (format!("含有 `{c}`"), format!("it holds `{c}`")),
                    Unsafe::Edges => ("开头或结尾有空格，或以 . 结尾".into(), "it starts or ends with a space, or ends with a dot".into()),
                    Unsafe::Hidden => ("以 . 开头（会成为隐藏文件夹）".into(), "it starts with a dot (a hidden folder)".into()),
                    Unsafe::Reserved => ("是 Windows 保留的名字（CON、NUL、AUX、COM1 等）".into(), "it is a name Windows reserves (CON, NUL, AUX, COM1 ...)".into()),
                    Unsafe::TooLong => (format!("太长：{} 字节，文件夹名最多 255 字节（约 85 个汉字）", id.len()), format!("it is too long: {} bytes, and a folder name holds at most 255", id.len())),
                };
                pick!(
                    format!("名册中的 id `{id}` 不能用作文件夹名：{zh_why}"),
                    format!("roster id `{id}` cannot be a folder name: {en_why}"),
                )
            }
            Msg::UnsafeMemberIdHelp => pick!("id 会成为 content/<id>/ 文件夹和成员页面的名字：只用字母、数字、汉字、- 和 _，例如 zhangsan".into(), "an id becomes the folder content/<id>/ and the member's page: use letters, digits, Chinese, - and _, e.g. zhangsan".into()),
            Msg::SamePage { first, second } => pick!(
                format!("`{second}` 与 `{first}` 只差大小写或文件名不允许的字符，会生成同一个页面文件"),
                format!("`{second}` and `{first}` differ only in case or in characters file names cannot hold, so they would get the same page"),
            ),
            Msg::SamePageHelp => pick!("把其中一个改成明显不同的写法".into(), "spell one of them differently".into()),
            Msg::EmptyRosterField(field) => pick!(format!("名册中有一项缺少 `{field}`"), format!("a roster entry has no `{field}`")),
            Msg::PlanInvalid(detail) => pick!(format!("学习计划有误：{detail}"), format!("invalid study plan: {detail}")),
            Msg::DuplicatePlanId(id) => pick!(format!("学习计划中 id `{id}` 重复"), format!("the plan lists id `{id}` twice")),
            Msg::UnknownBranch(branch) => pick!(format!("支部 `{branch}` 在名册中没有成员"), format!("branch `{branch}` has no member in the roster")),
            Msg::UnknownBranchHelp => pick!("branches 中写名册里出现过的支部名称".into(), "list branches as they are named in the roster".into()),
            Msg::DueBeforeStart(id) => pick!(format!("学习计划 `{id}` 的截止日期早于开始日期"), format!("plan item `{id}` is due before it starts")),
            Msg::CheckPathSpecial(path) => pick!(format!("{path} 不是普通文件（是管道、套接字或设备），不是笔记"), format!("{path} is not a regular file (a pipe, a socket or a device), so it is no note")),
            Msg::ThemeOutside(name) => pick!(format!("主题 `{name}` 不在站点的 themes 文件夹里：theme 只能是 themes/ 下一个文件夹的名字"), format!("the theme `{name}` is not inside the site's themes folder: theme must name one folder under themes/")),
            Msg::MissingTheme(dir) => pick!(format!("找不到主题目录 {dir}"), format!("the theme folder {dir} does not exist")),
            Msg::MissingThemeHelp => pick!("在 book.toml 的 [build] 中写 theme = \"default\"，或创建该主题目录".into(), "set theme = \"default\" under [build] in book.toml, or create the theme folder".into()),
            Msg::TemplateErrorKind { kind, names } => pick!(
                if names.is_empty() { format!("模板有误：{kind}") } else { format!("模板有误：{kind}：{names}") },
                format!("template error: {kind} {names}"),
            ),
            Msg::TemplateErrorHelp => pick!("改正这个模板文件；不确定时删掉它，会用回内置主题的同名模板".into(), "fix this template; if unsure, delete it and the built-in theme's template of the same name is used".into()),
            Msg::TemplateError(detail) => pick!(format!("模板有误：{detail}"), format!("template error: {detail}")),
            Msg::CoverageTitle { since, until } => match (since, until) {
                (None, None) => pick!("学习覆盖情况（全部计划项目）".into(), "Study coverage (every plan item)".into()),
                _ => pick!(
                    format!("学习覆盖情况（{} 至 {}）", since.unwrap_or("最早"), until.unwrap_or("最新")),
                    format!("Study coverage ({} to {})", since.unwrap_or("the start"), until.unwrap_or("the end")),
                ),
            },
            Msg::ReportTitleFor { since, until } => match (since, until) {
                (None, None) => pick!("理论学习情况统计（全部计划项目）".into(), "Theory study report (every plan item)".into()),
                _ => pick!(
                    format!("理论学习情况统计（{} 至 {}）", since.unwrap_or("最早"), until.unwrap_or("最新")),
                    format!("Theory study report ({} to {})", since.unwrap_or("the start"), until.unwrap_or("the end")),
                ),
            },
            Msg::CoverageFigures { notes, accepted, rejected, studied, members, person_times } => pick!(
                format!("提交笔记 {notes} 篇：通过 {accepted} 篇，未通过 {rejected} 篇；{studied}/{members} 名党员写了合格笔记；计划项目参学 {person_times} 人次"),
                format!("{notes} notes handed in: {accepted} accepted, {rejected} rejected; {studied} of {members} members wrote an accepted note; {person_times} person-times on plan items"),
            ),
            Msg::SessionsLine { kind, planned, held, person_times } => pick!(
                format!("{kind}：计划 {planned} 次，已开展 {held} 次，参学 {person_times} 人次"),
                format!("{kind}: {planned} planned, {held} held, {person_times} person-times"),
            ),
            Msg::RejectedNotCounted(n) => pick!(format!("{n} 篇笔记未通过检查，不计入覆盖；运行 studybook check 查看原因"), format!("{n} rejected notes do not count; run studybook check to see why")),
            Msg::BadPeriodDate { flag, value } => pick!(format!("{flag} 的日期 `{value}` 无法识别"), format!("the date `{value}` given to {flag} is not understood")),
            Msg::PeriodReversed { since, until } => pick!(format!("--since {since} 在 --until {until} 之后，这段时间是空的"), format!("--since {since} is after --until {until}: the period is empty")),
            Msg::PeriodReversedHelp => pick!("交换两个日期，例如 --since 2022-01-01 --until 2022-12-31".into(), "swap the two dates, e.g. --since 2022-01-01 --until 2022-12-31".into()),
            Msg::CheckPathMissing(path) => pick!(format!("{path} 不存在"), format!("{path} does not exist")),
            Msg::CheckPathOutside(path) => pick!(format!("{path} 不在站点的内容目录里，不会被检查"), format!("{path} is not in the site's content folder, so it is never checked")),
            Msg::CheckPathNotNote(path) => pick!(format!("{path} 不是笔记：笔记是 .md 或 .markdown 文件"), format!("{path} is not a note: notes are .md or .markdown files")),
            Msg::CheckPathHelp => pick!("写内容目录里的笔记或文件夹，例如 studybook check content/zhangsan；不写路径则检查全部笔记".into(), "name notes or folders in the content folder, e.g. studybook check content/zhangsan; with no path every note is checked".into()),
            Msg::UnknownBranchFlag(b) => pick!(format!("名册中没有支部 `{b}`"), format!("the roster has no branch `{b}`")),
            Msg::CannotWrite(err) => pick!(format!("无法写入输出目录：{err}"), format!("cannot write the site: {err}")),
            Msg::NoteRejected(path) => pick!(format!("{path} 未通过检查，暂不发布"), format!("{path} did not pass the check and is not published")),
            Msg::Serving { url, watching, loopback } => pick!(
                format!("正在预览：{url}（{}{}；按 Ctrl-C 停止）", if *loopback { "仅本机可访问" } else { "本机地址" }, if *watching { "，保存文件后自动刷新" } else { "" }),
                format!("Serving {url} ({}{}; Ctrl-C stops)", if *loopback { "this machine only" } else { "on this machine" }, if *watching { ", reloading on save" } else { "" }),
            ),
            Msg::WholeNetwork { address, others } => pick!(
                format!("注意：已在 {address} 上开放预览，同一网络中的任何计算机都能读取这些笔记。其他计算机请访问 {others}；只想自己预览时去掉 --bind"),
                format!("warning: serving on {address}: every machine on the network can now read these notes. Other machines open {others}; to preview alone, leave out --bind"),
            ),
            Msg::ThisMachinesAddress => pick!("本机的 IP 地址".into(), "this machine's IP address".into()),
            Msg::BadBind(value) => pick!(
                format!("--bind 的值 `{value}` 不是 IP 地址：写 127.0.0.1（仅本机，默认）或 0.0.0.0（整个网络）"),
                format!("`{value}` given to --bind is not an IP address: write 127.0.0.1 (this machine only, the default) or 0.0.0.0 (the whole network)"),
            ),
            Msg::CannotWatch => pick!("无法监视文件的变化：系统允许监视的文件数可能已用完；不加 --watch 仍可预览".into(), "cannot watch the files for changes: the system's limit on watched files may be reached; serve without --watch still works".into()),
            Msg::CannotServe => pick!("无法启动预览服务".into(), "cannot start serving".into()),
            Msg::Stopped => pick!("已停止预览".into(), "stopped".into()),
            Msg::Rebuilt { pages, rendered, full, millis } => pick!(
                format!("已更新{}：渲染 {rendered} 个页面，{pages} 个有变化（{millis} 毫秒）", if *full { "全部" } else { "" }),
                format!("rebuilt{}: {rendered} pages rendered, {pages} changed ({millis} ms)", if *full { " everything" } else { "" }),
            ),
            Msg::KeptLastGood => pick!("配置有误，继续显示上一次的站点".into(), "configuration errors: still serving the last good site".into()),
            Msg::PortMoved { wanted, port } => pick!(format!("端口 {wanted} 已被占用，改用 {port}"), format!("port {wanted} is in use; using {port}")),
            Msg::PortInUse { port, next } => pick!(format!("端口 {port} 已被占用：换一个端口，例如 --port {next}"), format!("port {port} is in use: choose another, e.g. --port {next}")),
            Msg::CannotBind { address, reason } => pick!(format!("无法在 {address} 上启动预览：{reason}"), format!("cannot serve on {address}: {reason}")),
            Msg::InitNotEmpty(dir) => pick!(format!("{dir} 不是空目录，不会在里面新建站点"), format!("{dir} is not empty: no site is created in it")),
            Msg::InitNotEmptyHelp => pick!("换一个新目录，例如 studybook init 学习笔记；已有站点要复制主题时用 studybook init --theme".into(), "choose a new folder, e.g. studybook init notes; to copy the theme into an existing site use studybook init --theme".into()),
            Msg::InitDone(dir) => pick!(format!("已在 {dir} 新建站点。下一步：阅读 README.md，用 studybook new 写笔记，studybook build 生成网站"), format!("created a site in {dir}. Next: read README.md, write a note with studybook new, build with studybook build")),
            Msg::NewTitle => pick!("学习心得".into(), "Study notes".into()),
            Msg::NewTitleFor(item) => pick!(format!("{item}心得"), format!("Notes on {item}")),
            Msg::Placeholder(section) => pick!(format!("（在此填写{section}）"), format!("(TODO: write the {section} here)")),
            Msg::NewWritten => pick!("已新建笔记。把括号里的提示换成你的内容，写好后运行 studybook check 检查".into(), "note created. Replace the bracketed hints with your text, then run studybook check".into()),
            Msg::NewMeetingTitle { branch, year, month, kind } => pick!(format!("{branch}{year}年{month}月{kind}"), format!("{branch} {kind}, {year}-{month:02}")),
            Msg::RecordFolderSkipped(branch) => pick!(format!("支部名 `{branch}` 用作文件夹名时，studybook 会把这个文件夹当作临时文件或草稿跳过，新建的会议记录不会被统计"), format!("as a folder name, the branch name `{branch}` is one studybook passes over as litter or drafts, so a record written there would never be counted")),
            Msg::RecordFolderSkippedHelp => pick!("在名册中把支部名改成不以 . 或 ~$ 开头、不叫 _drafts 的名字".into(), "rename the branch in the roster: not starting with . or ~$, and not _drafts".into()),
            Msg::NewMeetingWritten => pick!("已新建会议记录。填写地点和各部分内容（发言每人一项），缺席的写明原因，然后运行 studybook check 检查".into(), "meeting record created. Fill in the place and every section (one item per speaker), give each absence a reason, then run studybook check".into()),
            Msg::NoGroups(branch) => pick!(format!("名册里{branch}没有党小组"), format!("the roster gives {branch} no groups")),
            Msg::WhichGroup(groups) => pick!(format!("这个支部有几个党小组（{groups}），请用 --group 指定"), format!("the branch has several groups ({groups}): choose one with --group")),
            Msg::SkeletonPlace => pick!("开会地点，如 三楼会议室".into(), "where the meeting was held".into()),
            Msg::SkeletonLecturer => pick!("授课人：名册中的 id 或姓名，外请的写姓名和单位".into(), "the lecturer: a roster id or name, or a guest's name".into()),
            Msg::SkeletonExpected { count, names } => pick!(format!("应到 {count} 人：{names}"), format!("{count} expected: {names}")),
            Msg::SkeletonAbsent => pick!("缺席的人写在 absent 下，每人一项并写明原因，例如：".into(), "list each absent member under absent with a reason, e.g.:".into()),
            Msg::SkeletonReason => pick!("出差".into(), "away on business".into()),
            Msg::SkeletonSpeakers => pick!("（在此填写发言：每位发言人一项，写成“- 姓名：发言要点”）".into(), "(one item per speaker: \"- name: what they said\")".into()),
            Msg::Loading => pick!("读取笔记".into(), "reading notes".into()),
            Msg::Rendering => pick!("生成页面".into(), "rendering pages".into()),
            Msg::ReportWritten(path) => pick!(format!("已写入 {path}"), format!("wrote {path}")),
            Msg::FormatNotOut { format, out } => pick!(format!("--format {format} 与 --out {out} 的扩展名不一致，没有写文件"), format!("--format {format} does not match the extension of --out {out}; nothing was written")),
            Msg::FormatNotOutHelp(named) => pick!(format!("去掉 --format（按文件名写成 {named}），或把文件名的扩展名改成与 --format 一致"), format!("leave out --format (the file name asks for {named}), or give the file the extension of --format")),
            Msg::ReadPermissionHelp => pick!("运行 studybook 的用户没有权限读取它：检查它的权限（文件属性里的“安全”，或 ls -l），或换成有权限的用户运行".into(), "the user running studybook may not read it: check its permissions (the file's Security properties, or ls -l), or run as a user who may".into()),
            Msg::ContentDirMissing(dir) => pick!(format!("内容文件夹 {dir} 不存在"), format!("the content folder {dir} does not exist")),
            Msg::ContentDirNotFolder(dir) => pick!(format!("内容文件夹 {dir} 不是文件夹"), format!("the content folder {dir} is not a folder")),
            Msg::ContentDirHelp => pick!("在 book.toml 的 [build] 里把 content-dir 写成笔记所在的文件夹（通常是 content），或者新建这个文件夹".into(), "set content-dir under [build] in book.toml to the folder the notes are in (usually content), or make that folder".into()),
            Msg::DocumentFieldHelp => pick!("考核文件和测评记录要写的字段，照 studybook new --assessment（或 --review）--branch 支部 写出的样子填".into(), "fill in the fields as studybook new --assessment (or --review) --branch B writes them".into()),
            Msg::DocumentYear(text) => pick!(format!("`{text}` 不是年度"), format!("`{text}` is not a year")),
            Msg::DocumentYearHelp => pick!("年度写成四位数，例如 2022".into(), "write the year with four digits, such as 2022".into()),
            Msg::ScoresNotMapping(key) => pick!(format!("`{key}` 要写成“项目编号: 分数”的列表"), format!("`{key}` must map item ids to scores")),
            Msg::ScoresHelp => pick!("每项写成 编号: {self: 自评分, committee: 考核组评分, reason: 理由}，分数是不小于 0 的数字".into(), "write each item as id: {self: score, committee: score, reason: why}, scores being numbers of at least 0".into()),
            Msg::ScoreNotNumber { id, what } => pick!(format!("`{id}` 的 {what} 不是分数"), format!("the {what} of `{id}` is not a score")),
            Msg::ScoreUnknownKey { id, key } => pick!(format!("`{id}` 下只能写 self、committee 和 reason，没有 `{key}`"), format!("`{id}` takes self, committee and reason, not `{key}`")),
            Msg::ScoreNegative(id) => pick!(format!("`{id}` 的分数小于 0"), format!("the score of `{id}` is below 0")),
            Msg::ScoreWithoutReason(id) => pick!(format!("`{id}` 没有写理由（reason）"), format!("`{id}` has no reason")),
            Msg::ScoreReasonHelp => pick!("扣分、加分和否决都要写明理由，例如 reason: 年终总结未对照年初计划逐项说明".into(), "every point withheld or added, and every veto, needs its reason, such as reason: the year's summary does not answer the plan item by item".into()),
            Msg::OpinionMissing => pick!("缺少“考核意见”".into(), "the 考核意见 (the assessors' opinion) is missing".into()),
            Msg::OpinionHollow { chars, min } => pick!(format!("“考核意见”只有 {chars} 个字（至少 {min} 个）"), format!("the 考核意见 has {chars} characters (at least {min})")),
            Msg::OpinionHelp => pick!("在“## 考核意见”下写出考核组对支部全年工作的评价：成绩、问题和改进要求".into(), "under \"## 考核意见\", write what the assessors found in the branch's year: what went well, what did not, what to improve".into()),
            Msg::NotTheSecretary { member, branch } => pick!(format!("{member} 不是{branch}的书记（没有书记时是副书记）"), format!("{member} is not the 书记 of {branch} (or its 副书记, where it has no 书记)")),
            Msg::NotTheSecretaryHelp => pick!("述职述廉测评的是支部书记：member 写书记的编号；名册里书记的 role 写“书记”".into(), "the review is the branch secretary's: member names the 书记, whose role in the roster is 书记".into()),
            Msg::BallotsMissingCounts { group, keys } => pick!(format!("`{group}` 缺少 {keys}"), format!("`{group}` has no {keys}")),
            Msg::BallotsAllAbstained(group) => pick!(format!("`{group}` 收回的票全部弃权：这组没有给出评价，不能算分"), format!("`{group}`: every ballot returned abstained, so the group gave no grade to count")),
            Msg::ResultNotText => pick!("result 要写一个等次，例如 result: 好".into(), "result must be one grade, such as result: 好".into()),
            Msg::ResultNotTextHelp => pick!("等次是考核细则 grades 里的名称；不写 result 时按票数算出的等次为准".into(), "grades are the names in the scheme's grades; without result the grade the ballots give stands".into()),
            Msg::BallotsMissing => pick!("缺少测评票数（ballots）".into(), "the ballots are missing".into()),
            Msg::BallotsHelp => pick!("按测评人员分组写票数，例如 党员: {expected: 7, issued: 7, returned: 7, 好: 4, 较好: 2, 一般: 1, 差: 0, 弃权: 0}；只写票数，不写谁投了什么".into(), "write the counts by group, such as 党员: {expected: 7, issued: 7, returned: 7, 好: 4, 较好: 2, 一般: 1, 差: 0, 弃权: 0}: counts only, never who voted how".into()),
            Msg::BallotsNotCounts(group) => pick!(format!("`{group}` 要写成票数，不能列出投票人或选票"), format!("`{group}` must be counts, not a list of voters or ballots")),
            Msg::BallotsNotCount { group, key } => pick!(format!("`{group}` 的 {key} 不是票数（0 到 1000000 之间的整数）"), format!("the {key} of `{group}` is not a count (a whole number from 0 to 1,000,000)")),
            Msg::BallotsUnknownKey { group, key } => pick!(format!("`{group}` 下没有 `{key}`：只能写 expected、issued、returned、好、较好、一般、差、弃权"), format!("`{group}` takes expected, issued, returned, 好, 较好, 一般, 差 and 弃权, not `{key}`")),
            Msg::BallotsIssued { group, issued, expected } => pick!(format!("`{group}` 发出 {issued} 张票，多于应参加的 {expected} 人"), format!("`{group}`: {issued} ballots issued, more than the {expected} expected")),
            Msg::BallotsReturned { group, returned, issued } => pick!(format!("`{group}` 收回 {returned} 张票，多于发出的 {issued} 张"), format!("`{group}`: {returned} ballots returned, more than the {issued} issued")),
            Msg::BallotsSum { group, sum, returned } => pick!(format!("`{group}` 的 好、较好、一般、差、弃权 共 {sum} 票，与收回的 {returned} 张不符"), format!("`{group}`: 好, 较好, 一般, 差 and 弃权 add up to {sum}, not the {returned} returned")),
            Msg::ReviewQuorum { group, returned, expected } => pick!(format!("`{group}` 只收回 {returned} 张票，没有超过应参加的 {expected} 人的一半，这组测评无效"), format!("`{group}`: {returned} ballots returned, not more than half of the {expected} expected, so the group's review is void")),
            Msg::ReviewQuorumHelp => pick!("每组收回的票要超过应参加人数的一半；不够时另行组织测评".into(), "each group must return more than half of its ballots; hold the review again when it does not".into()),
            Msg::EvaluationMissing => pick!("缺少“评价意见”：测评之后要形成评价意见".into(), "the 评价意见 (the evaluation) is missing: a review ends in one".into()),
            Msg::EvaluationPartMissing(part) => pick!(format!("“评价意见”里缺少“{part}”"), format!("the 评价意见 has no {part} part")),
            Msg::EvaluationPartHollow { part, chars, min } => pick!(format!("“评价意见”的“{part}”只有 {chars} 个字（至少 {min} 个）"), format!("the {part} part of the 评价意见 has {chars} characters (at least {min})")),
            Msg::EvaluationHelp => pick!("在“## 评价意见”下分“### 成绩”和“### 问题”写：肯定成绩、指出问题，“同意。”不是评价".into(), "under \"## 评价意见\", write \"### 成绩\" and \"### 问题\": what went well and what did not; \"同意。\" is no evaluation".into()),
            Msg::DocumentsChecked { files, accepted, rejected } => pick!(format!("检查了 {files} 份考核文件和述职测评记录：{accepted} 份通过，{rejected} 份被拒绝"), format!("checked {files} assessment files and review records: {accepted} accepted, {rejected} rejected")),
            Msg::DocumentExists(path) => pick!(format!("{path} 已经有了，没有再写一份（每个支部每年一份）：直接改它"), format!("{path} is there already, so no second one was written (one per branch and year): change it")),
            Msg::EmptyTitleHelp => pick!("--title 后面写上标题，例如 --title \"学习《……》心得\"；不写 --title 时 studybook 自动起一个标题".into(), "write a title after --title, or leave --title out for studybook to make one".into()),
            Msg::CheckPathNoPermission(path) => pick!(format!("{path} 没有权限读取（它或它所在的文件夹不许这个用户打开）"), format!("{path} may not be read (it, or a folder on the way, is closed to this user)")),
            Msg::CheckPathNothing(paths) => pick!(format!("{paths} 里没有能检查的笔记或记录：什么也没有检查"), format!("{paths} holds no note or record that could be checked: nothing was checked")),
            Msg::NoSecretary(branch) => pick!(format!("名册里{branch}没有书记（也没有副书记），不知道是谁述职"), format!("the roster gives {branch} no 书记 (nor 副书记): whose review is it?")),
            Msg::NewAssessmentWritten => pick!("已新建考核文件。填好考核组评分（没给满分的写明理由）和考核意见，然后运行 studybook assess".into(), "assessment file created. Fill in the assessors' scores (with the reason wherever points are withheld) and the 考核意见, then run studybook assess".into()),
            Msg::NewReviewWritten => pick!("已新建述职述廉测评记录。填好地点、主持人、各组票数、述职内容和评价意见（成绩、问题），然后运行 studybook assess".into(), "review record created. Fill in the place, the host, each group's ballots, the 述职 and the 评价意见 (成绩 and 问题), then run studybook assess".into()),
            Msg::OutFormatNotWritten(ext) => pick!(format!("studybook 不写 .{ext} 格式，没有写文件"), format!("studybook does not write .{ext} files; nothing was written")),
            Msg::OutFormatNotWrittenHelp => pick!("文件名用 .xlsx（Excel、WPS 表格都能打开）、.csv、.md 或 .txt，或者不写扩展名并用 --format 指定".into(), "name the file .xlsx (Excel and WPS open it), .csv, .md or .txt, or give no extension and say the format with --format".into()),
            Msg::InitNotFolder(dir) => pick!(format!("{dir} 已经存在，而且不是文件夹（是一个文件、管道或设备）：换一个名字新建站点"), format!("{dir} exists and is no folder (a file, a pipe or a device): name another folder for the site")),
            Msg::InitThemeThere(dir) => pick!(format!("主题已经在 {dir}，没有改动（已有的文件不会被覆盖）"), format!("the theme is already in {dir}; nothing changed (files that are there are never written over)")),
            Msg::InitThemeDone(dir) => pick!(format!("已把内置主题复制到 {dir}：改它的模板和样式，生成时就用改过的"), format!("the built-in theme is copied to {dir}: change its templates and styles, and builds use them")),
            Msg::XlsxNeedsOut => pick!("XLSX 是二进制文件：请用 --out 指定文件名，例如 --out 学习情况统计.xlsx".into(), "XLSX is a binary file: name it with --out, e.g. --out report.xlsx".into()),
            Msg::CheckSummary { notes, accepted, rejected } => pick!(format!("检查了 {notes} 篇笔记：{accepted} 篇通过，{rejected} 篇被拒绝"), format!("checked {notes} notes: {accepted} accepted, {rejected} rejected")),
            Msg::BuildSummary { dir, pages, accepted, rejected, millis } => pick!(format!("已生成站点 {dir}：{pages} 个页面，发布 {accepted} 篇笔记，{rejected} 篇被拒绝未发布（用时 {millis} 毫秒）"), format!("built {dir}: {pages} pages, {accepted} notes published, {rejected} rejected and left out ({millis} ms)")),
            Msg::DraftsSkipped(n) => pick!(format!("{n} 篇草稿或留给自己的笔记（draft: true、草稿文件夹等）已检查但未发布"), format!("{n} drafts or notes kept to their writers (draft: true, a drafts folder …) checked but not published")),
            Msg::MeetingsTitle { since, until } => pick!(format!("会议召开情况（{since} 至 {until}）"), format!("Meetings held ({since} to {until})")),
            Msg::MeetingsTotal { kind, records, held, periods } => pick!(format!("{kind}：共 {records} 次，应开 {periods} 期，已开 {held} 期"), format!("{kind}: {records} held, {held} of {periods} periods covered")),
            Msg::RejectedRecordsNotCounted(n) => pick!(format!("{n} 份会议记录未通过检查，不计入统计；运行 studybook check 查看原因"), format!("{n} rejected meeting records do not count; run studybook check to see why")),
            Msg::MeetingsChecked { records, accepted, rejected } => pick!(format!("检查了 {records} 份会议记录：{accepted} 份通过，{rejected} 份被拒绝"), format!("checked {records} meeting records: {accepted} accepted, {rejected} rejected")),
            Msg::BuildStopped => pick!("未生成站点，原来的站点保持不变".into(), "nothing was built; the old site is as it was".into()),
            Msg::ConfigErrorsStop => pick!("配置有误，未生成站点".into(), "configuration errors: nothing was built".into()),
        }
    }
}

/// The words of yaml_serde's messages that [`yaml_reason`] says in Chinese, each with
/// what it says: pinned by a test that makes the library say every one of them.
pub const YAML_PHRASES: &[(&str, &str)] = &[
    (
        "found a tab character",
        "用了 Tab 缩进：YAML 只能用空格缩进",
    ),
    (
        "found character that cannot start any token",
        "有 YAML 不认识的字符（例如 Tab 或 @、` 开头的值）：值里有特殊字符时加上引号",
    ),
    (
        "mapping values are not allowed",
        "一行里有多余的冒号：值里有冒号时，用引号把整个值括起来",
    ),
    (
        "did not find expected key",
        "缩进不一致，或少了冒号：同一层的字段要对齐",
    ),
    (
        "did not find expected ',' or ']'",
        "方括号 [ ] 列表没有闭合",
    ),
    ("did not find expected ',' or '}'", "花括号 { } 没有闭合"),
    (
        "did not find expected '-' indicator",
        "列表项缩进不一致：每项都以对齐的 - 开头",
    ),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    (
        "found unknown escape character",
        "双引号里有无法识别的转义字符 \\：改用单引号",
    ),
    ("unknown anchor", "用了没有定义的别名（*名字）：值里有 * 时用引号括起来"),
    (
        "did not find expected alphabetic or numeric character",
        "* 或 & 后面要写名字：值以 * 或 & 开头时用引号括起来",
    ),
    (
        "did not find expected node content",
        "值不完整：逗号、冒号或 - 后面少了内容",
    ),
    (
        "block sequence entries are not allowed",
        "这里不能开始一个列表：检查缩进和冒号",
    ),
    (
        "could not find expected ':'",
        "少了冒号：字段要写成 `名称: 值`",
    ),
    ("invalid leading UTF-8 octet", "文件里有无效的字符编码"),
    // A whole number past what any field holds (u128).
    (
        "invalid type: integer",
        "数字太大，超出了能读的范围：是编号一类的文字就用引号括起来，是分数或人数就检查是否多写了数字",
    ),
    // A whole number past what this field holds (a year as i32).
    (
        "invalid value: integer",
        "数字超出了这一项能取的范围：检查是否多写或少写了数字",
    ),
];

/// What the YAML parser found wrong, in the user's language. `detail` is the parser's
/// message without its position; one not known here is called a YAML syntax error.
pub fn yaml_reason(detail: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return detail.to_string();
    }
    if let Some(key) = detail
        .strip_prefix("duplicate entry with key \"")
        .and_then(|rest| rest.strip_suffix('"'))
    {
        return format!("字段 `{key}` 写了两次：每个字段只能写一次");
    }
    if let Some(said) = serde_reason(detail, Syntax::Yaml) {
        return said;
    }
    YAML_PHRASES
        .iter()
        .find(|(english, _)| detail.contains(english))
        .map_or_else(
            || "格式不正确（YAML 语法错误）".to_string(),
            |(_, zh)| zh.to_string(),
        )
}

/// What the TOML parser found wrong in book.toml, in the user's language.
pub fn toml_reason(detail: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return detail.to_string();
    }
    if let Some(said) = serde_reason(detail, Syntax::Toml) {
        return said;
    }
    if let Some(rest) = detail.strip_prefix("duplicate key") {
        let rest = rest.trim_start_matches(':').trim();
        return match rest.is_empty() {
            // The parser names no key: the line shown under the message is the one.
            true => "这一行的键或 [表] 在前面已经写过一次：删掉一处，或把两处合并".into(),
            false => format!("键 {rest} 写了两次：删掉一处"),
        };
    }
    // toml's words for a `\u` escape that names no character (`\uD800`).
    if detail.contains("expected unicode hexadecimal value") {
        return "引号里的 \\u 转义不是一个有效的字符：直接写出这个字，或删掉这个转义".into();
    }
    if detail.starts_with("invalid value") {
        return "这个值超出了允许的范围（例如字数不能是负数）".into();
    }
    // A whole number past what the key holds: toml reads it as i128, serde wants less.
    if detail.starts_with("invalid type: integer") && detail.contains(" as i128") {
        return "数字太大，超出了这一项能取的范围：检查是否多写了数字".into();
    }
    if detail.starts_with("invalid type") {
        return "值的类型不对：文字要加双引号，数字和 true/false 不加，列表写成 [\"a\", \"b\"]"
            .into();
    }
    if detail.contains(detail::EMPTY_SECTION) {
        return "小标题不能是空的：写出小标题本身，例如 required-sections = [\"学习内容\", \"心得体会\"]、心得体会 = [\"学习体会\"]".into();
    }
    if detail.contains(detail::BAD_GRADES) {
        return "weights 要给 好、较好、一般、差 四个等次各写一个权重，不多不少，例如 weights = {\"好\" = 1, \"较好\" = 0.8, \"一般\" = 0.6, \"差\" = 0}".into();
    }
    if detail.contains(detail::BAD_GROUP_WEIGHT) {
        return "各组的权重要写 0 到 1 之间的数，而且不能全是 0，例如 group-weights = {\"党委委员\" = 0.6, \"党员\" = 0.4}".into();
    }
    if detail.contains(detail::BAD_WEIGHT) {
        return "权重要写 0 到 1 之间的数，而且不能全是 0，例如 weights = {\"好\" = 1, \"较好\" = 0.8, \"一般\" = 0.6, \"差\" = 0}".into();
    }
    if detail.contains(detail::BAD_SHARE) {
        return "要写 0 到 1 之间、大于 0 的小数，例如 max-similarity = 0.8".into();
    }
    if detail.contains(detail::EMPTY_FOLDER) {
        return "文件夹名不能为空：写一个文件夹名，例如 build-dir = \"site\"、content-dir = \"content\"".into();
    }
    if detail.contains("unsupported language") {
        return "不支持的语言：写 \"zh-CN\" 或 \"en\"".into();
    }
    "格式不正确（TOML 语法错误）：每行写成 键 = 值，文字加双引号".into()
}

/// serde's own words for a file read into a fixed shape (book.toml, assessment.yaml),
/// whichever format it is written in: a key not known, one missing, a value not among
/// those allowed. A serde message may be prefixed by the path of the key (`items[2]: `).
fn serde_reason(detail: &str, syntax: Syntax) -> Option<String> {
    let detail = match detail.find(": ") {
        Some(i) if !detail[..i].contains(' ') => &detail[i + 2..],
        _ => detail,
    };
    let listed = |rest: &str| -> (String, String) {
        let (first, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        // serde lists them as "`a` or `b`", or "one of `a`, `b`, `c`".
        let expected = expected
            .trim_start_matches(" one of")
            .trim()
            .replace(", ", "、")
            .replace("` or `", "`、`");
        (first.to_string(), expected)
    };
    if let Some(rest) = detail.strip_prefix("unknown field ") {
        let (field, expected) = listed(rest);
        return Some(format!("不认识的键 {field}；这里可以写的键：{expected}"));
    }
    if let Some(field) = detail.strip_prefix("missing field ") {
        return Some(format!("少了必须写的键 {field}：把它加上"));
    }
    if let Some(rest) = detail.strip_prefix("unknown variant ") {
        let (value, expected) = listed(rest);
        return Some(format!("{value} 不是可用的值；可以写：{expected}"));
    }
    // A value of the wrong kind (`year: '2022'`, `version: 1.0`).
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        return wrong_kind(rest, syntax);
    }
    // A number out of a field's range: said as below zero when it is.
    if let Some(rest) = detail.strip_prefix("invalid value: integer `-") {
        let (number, expected) = rest.split_once("`, expected ")?;
        return Some(format!(
            "写的是 -{number}：这一项不能是负数，要写{}",
            expected_zh(expected, syntax)
        ));
    }
    None
}

/// serde's "invalid type: {found}, expected {expected}" in Chinese: a negative number
/// where none may be, text in quotes where a number goes, a decimal, a list. A whole
/// number past any field's range is left to [`YAML_PHRASES`], which says so.
fn wrong_kind(rest: &str, syntax: Syntax) -> Option<String> {
    let (found, expected) = rest.split_once(", expected ")?;
    if let Some(number) = found.strip_prefix("integer `-") {
        let number = number.trim_end_matches('`');
        return Some(format!(
            "写的是 -{number}：这一项不能是负数，要写{}",
            expected_zh(expected, syntax)
        ));
    }
    let is_number = |e: &str| {
        let e = e.trim();
        e.starts_with(['i', 'u', 'f']) && e[1..].chars().all(|c| c.is_ascii_digit())
    };
    let found = match found.split_once(' ') {
        // A number where a number goes, past its range: YAML_PHRASES says so.
        Some(("integer", number)) if is_number(expected) || number.contains(" as ") => return None,
        Some(("integer", number)) => format!("数字 {}", number.trim_matches('`')),
        Some(("string", text)) if is_number(expected) => {
            format!("文字 {text}（数字不要加引号，也不要写汉字）")
        }
        Some(("string", text)) => format!("文字 {text}"),
        Some(("floating", point)) => {
            format!(
                "小数 {}",
                point.trim_start_matches("point ").trim_matches('`')
            )
        }
        Some(("datetime", value)) => format!("日期或时间 {}", value.trim_matches('`')),
        _ if found == "sequence" => "一个列表".to_string(),
        _ if found == "map" && syntax == Syntax::Toml => "一张表".to_string(),
        _ if found == "map" => "一组 `键: 值`".to_string(),
        _ if found.starts_with("boolean") => "true 或 false".to_string(),
        _ => return None,
    };
    Some(format!(
        "值的类型不对：写的是{found}，这里要写{}",
        expected_zh(expected, syntax)
    ))
}

/// The file a serde message is about: what a list or a table looks like differs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Yaml,
    Toml,
}

/// What serde says a field expects (`i32`, `a string`, `struct Grade`), in Chinese, as
/// it is written in the file's `syntax`.
fn expected_zh(expected: &str, syntax: Syntax) -> String {
    let expected = expected.trim();
    let integer = |t: &str| {
        t.len() > 1
            && t.starts_with(['i', 'u'])
            && (t[1..].chars().all(|c| c.is_ascii_digit()) || &t[1..] == "size")
    };
    match expected {
        t if integer(t) && t.starts_with('u') => "不小于 0 的整数".to_string(),
        t if integer(t) => "整数".to_string(),
        "f32" | "f64" => "数字".to_string(),
        t if t.contains("string") => "文字".to_string(),
        t if t.contains("sequence") && syntax == Syntax::Toml => {
            "列表，写在方括号里，例如 [\"学习内容\", \"心得体会\"]".to_string()
        }
        t if t.contains("sequence") => "列表（每项以 - 开头）".to_string(),
        t if (t.contains("map") || t.starts_with("struct")) && syntax == Syntax::Toml => {
            "一张表（[表名] 下面一行一个 键 = 值）".to_string()
        }
        t if t.contains("map") || t.starts_with("struct") => "若干 `键: 值`".to_string(),
        t if t.contains("boolean") => " true 或 false（不加引号）".to_string(),
        other => other.to_string(),
    }
}

/// Why a folder could not be walked: an I/O error, or a link that leads back into itself.
pub fn walk_reason(err: &walkdir::Error, lang: Lang) -> String {
    match err.io_error() {
        Some(io) => io_reason(io, lang),
        None => match lang {
            Lang::Zh => "符号链接指回了它所在的文件夹（循环链接）".into(),
            Lang::En => "a symbolic link leads back into its own folder (a loop)".into(),
        },
    }
}

/// What went wrong with a file, in the user's language: the system's own text never
/// reaches a user.
pub fn io_reason(err: &std::io::Error, lang: Lang) -> String {
    if err
        .get_ref()
        .is_some_and(|inner| inner.is::<crate::plain::OutsideSite>())
    {
        return match lang {
            Lang::Zh => "它是指向站点文件夹之外的链接，studybook 不读它：把文件本身放进站点文件夹".into(),
            Lang::En => "it is a link out of the site's folder, which studybook does not read: put the file itself in the site's folder".into(),
        };
    }
    if err
        .get_ref()
        .is_some_and(|inner| inner.is::<crate::plain::NotPlain>())
    {
        return match lang {
            Lang::Zh => "不是普通文件（是管道、套接字或设备）".into(),
            Lang::En => "it is not a regular file (a pipe, a socket or a device)".into(),
        };
    }
    let file = err
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<crate::io_error::FileError>());
    match file {
        Some(file) => {
            let reason = plain_io_reason(&file.source, lang);
            let path = file.path.display();
            match lang {
                Lang::Zh => format!("{reason}（{path}）"),
                Lang::En => format!("{reason} ({path})"),
            }
        }
        None => plain_io_reason(err, lang),
    }
}

/// What to do about an error writing or reading the site, where there is something to do.
pub fn io_advice(err: &std::io::Error, lang: Lang) -> Option<String> {
    advice(err, lang, true)
}

/// What to do about an error writing one file a command was asked for (`--out`, `new`).
pub fn io_file_advice(err: &std::io::Error, lang: Lang) -> Option<String> {
    advice(err, lang, false)
}

fn advice(err: &std::io::Error, lang: Lang, site: bool) -> Option<String> {
    use std::io::ErrorKind as K;
    let (zh, en) = match err.kind() {
        K::StorageFull | K::QuotaExceeded => (
            "腾出磁盘空间（或换到空间大的磁盘）",
            "free some disk space (or use a larger disk)",
        ),
        K::PermissionDenied | K::ReadOnlyFilesystem => (
            "检查这个文件夹是否可写（属性里的只读、权限、共享盘的写权限）",
            "check that the folder can be written (read-only flag, permissions, the share's write access)",
        ),
        K::NotFound if site => (
            "文件在生成过程中被删除或移走了",
            "a file was deleted or moved while the build ran",
        ),
        K::NotFound => ("检查文件夹是否存在", "check that the folder exists"),
        K::ResourceBusy | K::ExecutableFileBusy => (
            "关闭占用它的程序（浏览器、编辑器、杀毒软件）",
            "close the program holding it (a browser, an editor, an antivirus)",
        ),
        _ if err.raw_os_error().is_some_and(path_too_long) => (
            "把它移到层级浅一些的文件夹，或把文件夹名、文件名改短",
            "move it to a shallower folder, or shorten the folder and file names",
        ),
        _ if err.raw_os_error().is_some_and(too_many_open_files) => (
            "关掉一些程序（或提高打开文件数上限，如 ulimit -n 4096）",
            "close some programs (or raise the open-file limit, e.g. ulimit -n 4096)",
        ),
        _ => return None,
    };
    Some(match (lang, site) {
        (Lang::Zh, true) => format!("{zh}，然后重新生成；原来的站点保持不变"),
        (Lang::Zh, false) => format!("{zh}，然后再运行一次"),
        (Lang::En, true) => format!("{en}, then build again; the old site is as it was"),
        (Lang::En, false) => format!("{en}, then run the command again"),
    })
}

/// ENAMETOOLONG on Unix, ERROR_FILENAME_EXCED_RANGE on Windows.
fn path_too_long(code: i32) -> bool {
    #[cfg(unix)]
    return code == libc::ENAMETOOLONG;
    #[cfg(windows)]
    return code == 206;
    #[cfg(not(any(unix, windows)))]
    return false;
}

/// EMFILE and ENFILE on Unix, ERROR_TOO_MANY_OPEN_FILES on Windows.
fn too_many_open_files(code: i32) -> bool {
    #[cfg(unix)]
    return code == libc::EMFILE || code == libc::ENFILE;
    #[cfg(windows)]
    return code == 4;
    #[cfg(not(any(unix, windows)))]
    return false;
}

/// ELOOP: a path through a link that leads back to itself.
fn link_loop(code: i32) -> bool {
    #[cfg(unix)]
    return code == libc::ELOOP;
    #[cfg(not(unix))]
    return code == 1921; // ERROR_CANT_RESOLVE_FILENAME
}

/// The system's code for `err`, also when it came through walkdir, which keeps the
/// error's kind but not its code.
fn os_code(err: &std::io::Error) -> Option<i32> {
    err.raw_os_error().or_else(|| {
        let inner = err.get_ref()?;
        match inner.downcast_ref::<walkdir::Error>() {
            Some(walked) => walked.io_error()?.raw_os_error(),
            None => inner.downcast_ref::<std::io::Error>()?.raw_os_error(),
        }
    })
}

fn plain_io_reason(err: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    match err
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<crate::io_error::Interference>())
    {
        Some(crate::io_error::Interference::TempReplaced) => {
            return match lang {
                Lang::Zh => "生成用的临时文件夹被其他程序删除或替换了（可能是另一台电脑也在往同一个文件夹生成）；原来的站点保持不变，请重新生成".into(),
                Lang::En => "the build's temp folder was removed or replaced by another program (perhaps another computer is building into the same folder); the old site is unchanged, build again".into(),
            }
        }
        Some(crate::io_error::Interference::OldSiteChanged) => {
            return match lang {
                Lang::Zh => "站点里的文件或文件夹被换成了符号链接（或被移走）；studybook 不会通过链接写入或删除，原来的站点保持不变，请检查后重新生成".into(),
                Lang::En => "a file or folder of the site was replaced by a symbolic link (or moved away); studybook never writes or deletes through a link, so the site was left as it is: check it and build again".into(),
            }
        }
        None => {}
    }
    let (zh, en) = match err.kind() {
        _ if os_code(err).is_some_and(path_too_long) => (
            "路径太长，超过了系统的上限（文件夹层级太深或名字太长）",
            "the path is too long for the system (folders too deep or names too long)",
        ),
        K::NotFound => ("文件或文件夹不存在", "no such file or folder"),
        K::PermissionDenied => ("没有权限", "permission denied"),
        K::AlreadyExists => ("文件已存在", "the file exists"),
        K::IsADirectory => ("这是一个文件夹", "it is a folder"),
        K::NotADirectory => (
            "路径中有一部分是文件，不是文件夹",
            "part of the path is a file, not a folder",
        ),
        K::DirectoryNotEmpty => ("文件夹不是空的", "the folder is not empty"),
        K::ReadOnlyFilesystem => ("磁盘是只读的", "the disk is read-only"),
        K::StorageFull | K::QuotaExceeded => ("磁盘空间不足", "the disk is full"),
        K::FileTooLarge => ("文件太大", "the file is too large"),
        K::InvalidData => (
            "内容不是有效的 UTF-8 文本",
            "the content is not valid UTF-8 text",
        ),
        K::InvalidFilename | K::InvalidInput => ("文件名无效", "the file name is not valid"),
        K::CrossesDevices => ("不能跨磁盘移动", "cannot move across disks"),
        K::ResourceBusy | K::ExecutableFileBusy => (
            "文件正被其他程序占用",
            "the file is in use by another program",
        ),
        K::BrokenPipe => ("输出已被关闭", "the output was closed"),
        K::AddrInUse => ("地址已被占用", "the address is in use"),
        K::AddrNotAvailable => ("本机没有这个地址", "this machine has no such address"),
        K::OutOfMemory => ("内存不足", "out of memory"),
        K::TimedOut => ("操作超时", "timed out"),
        _ => match os_code(err) {
            Some(code) if too_many_open_files(code) => (
                "同时打开的文件太多，达到了系统上限",
                "too many files are open at once (the system's limit)",
            ),
            Some(code) if link_loop(code) => (
                "符号链接层数太多（可能是链接指向了自己）",
                "too many levels of symbolic links (a link may point to itself)",
            ),
            Some(code) => {
                return match lang {
                    Lang::Zh => format!("系统错误（代码 {code}）"),
                    Lang::En => format!("system error (code {code})"),
                }
            }
            None => ("系统错误", "system error"),
        },
    };
    match lang {
        Lang::Zh => zh.into(),
        Lang::En => en.into(),
    }
}

/// The words that configuration errors are raised with (serde's custom errors, which
/// carry only text) and that [`toml_reason`] recognises to say them in the book's
/// language. Written here, where they are read, and used by config.
pub mod detail {
    /// The words of the error for an empty folder name.
    pub const EMPTY_FOLDER: &str = "empty folder name";
    /// The words of the error for a group's weight out of [0, 1].
    pub const BAD_GROUP_WEIGHT: &str = "group weights between 0 and 1";
    /// The words of the error for weights of other grades.
    pub const BAD_GRADES: &str = "a weight for each of the grades";
    /// The words of the error for a weight out of [0, 1].
    pub const BAD_WEIGHT: &str = "weights between 0 and 1";
    /// The words of the error for an empty section name.
    pub const EMPTY_SECTION: &str = "empty section name";
    /// The words of the error for a share out of (0, 1].
    pub const BAD_SHARE: &str = "a share between 0 and 1";
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// The toml crate's wording for an escape that names no character, pinned.
    #[test]
    fn an_escape_naming_no_character_is_called_so() {
        let err = "title = \"\\uD800\"\n".parse::<toml::Table>().unwrap_err();
        assert!(
            toml_reason(err.message().trim(), Lang::Zh).contains("转义不是一个有效的字符"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn a_system_error_is_named_in_words_with_what_to_do() {
        let many = std::io::Error::from_raw_os_error(libc::EMFILE);
        assert_eq!(
            io_reason(&many, Lang::Zh),
            "同时打开的文件太多，达到了系统上限"
        );
        assert!(io_advice(&many, Lang::Zh).unwrap().contains("ulimit -n"));
        let looped = std::io::Error::from_raw_os_error(libc::ELOOP);
        assert!(io_reason(&looped, Lang::Zh).contains("链接层数太多"));
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(io_file_advice(&full, Lang::En)
            .unwrap()
            .ends_with("then run the command again"));
        let long = std::io::Error::from_raw_os_error(libc::ENAMETOOLONG);
        assert!(io_reason(&long, Lang::Zh).starts_with("路径太长"));
        assert!(io_advice(&long, Lang::Zh).unwrap().contains("层级浅一些"));
        let odd = std::io::Error::from_raw_os_error(libc::EXDEV + 1000);
        assert!(io_reason(&odd, Lang::Zh).starts_with("系统错误（代码"));
    }
}
