//! What in a file's text is a secret, whatever the file is: key material (a private
//! key, a service's token, a password in a URL) and a line that sets a password. Read
//! by the screening of assets' first bytes and of notes' text.

/// Whether `text` holds key material: PEM (`-----BEGIN … PRIVATE KEY-----`), PuTTY's
/// key files, AWS's credentials, a service's token, a URL with its password. What a
/// note's own text is searched for too: `密码：` alone is a word of the Cryptography
/// Law there.
pub(super) fn holds_key_material(text: &[u8]) -> bool {
    let has = |word: &[u8]| memchr::memmem::find(text, word).is_some();
    if has(b"-----BEGIN ")
        && [
            &b"PRIVATE KEY"[..],
            b"CERTIFICATE",
            b"PGP PRIVATE",
            b"OPENSSH",
        ]
        .iter()
        .any(|w| has(w))
    {
        return true;
    }
    // The rest is text: a picture's bytes are not looked through line by line.
    if memchr::memchr(0, text).is_some() {
        return false;
    }
    // Lower-cased only where a key's name could be: notes seldom hold an underscore.
    let aws = memchr::memchr(b'_', text).is_some()
        && memchr::memmem::find(&text.to_ascii_lowercase(), b"aws_secret_access_key").is_some();
    has(b"PuTTY-User-Key-File-")
        || aws
        // GitHub's, GitLab's, Slack's, OpenAI's and Google's keys and tokens.
        || [
            &b"ghp_"[..],
            b"gho_",
            b"ghs_",
            b"ghu_",
            b"github_pat_",
            b"glpat-",
            b"xoxb-",
            b"xoxp-",
            b"sk-proj-",
            b"AIzaSy",
        ]
        .iter()
        .any(|token| has(token))
        || has_credentials_in_url(text)
        || has_cloud_key_or_jwt(text)
        || (CREDENTIAL_WORDS.iter().any(|word| has(word))
            && sets_a_credential(&String::from_utf8_lossy(text)))
}

/// What [`sets_a_credential`] looks for after, as bytes: a text with none of them sets
/// none, and is not read line by line.
const CREDENTIAL_WORDS: [&[u8]; 6] = [
    "密码".as_bytes(),
    "口令".as_bytes(),
    "提取码".as_bytes(),
    b"assword",
    b"ASSWORD",
    b"pwd",
];

/// Whether `text` holds an Alibaba Cloud AccessKey (`LTAI` and 12 to 20 letters and
/// digits) or a JSON Web Token (`eyJ…` in three dotted parts).
fn has_cloud_key_or_jwt(text: &[u8]) -> bool {
    let run = |from: usize| {
        text[from..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            .count()
    };
    // AWS's access key id (`AKIA` and 16 capitals or digits) beside its secret (40
    // characters; 30 or more, as one copied may lose a few) on its line.
    let aws = memchr::memmem::find_iter(text, b"AKIA").any(|at| {
        let id = text[at + 4..]
            .iter()
            .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            .count();
        let rest = &text[at + 4 + id..];
        let line_end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        id == 16
            && rest[..line_end]
                .split(|b| b.is_ascii_whitespace() || matches!(b, b',' | b':' | b'='))
                .any(|word| {
                    (30..=64).contains(&word.len())
                        && word.iter().all(|b| b.is_ascii_graphic())
                        && word.iter().any(u8::is_ascii_digit)
                })
    });
    aws || memchr::memmem::find_iter(text, b"LTAI").any(|at| {
        let len = text[at + 4..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        (12..=20).contains(&len)
    }) || memchr::memmem::find_iter(text, b"eyJ").any(|at| {
        let token = &text[at..at + run(at)];
        token.split(|&b| b == b'.').filter(|p| p.len() >= 8).count() == 3
    })
}

/// Whether a line of a note's text gives a password or a code as a credential is
/// written (`密码：Zz@123456`, `口令: abc123`): after the word, a run of letters, digits
/// and symbols with no Chinese and no space. `密码：是指采用特定变换的方法…`, a line
/// of the Cryptography Law, gives none.
fn sets_a_credential(text: &str) -> bool {
    text.lines().any(|line| {
        [
            "密码",
            "口令",
            "提取码",
            "password",
            "Password",
            "PASSWORD",
            "pwd",
        ]
        .iter()
        .any(|word| {
            line.match_indices(word).any(|(at, _)| {
                let after = &line[at + word.len()..];
                let rest = after.trim_start();
                // `密码：X`, `密码=X`, `密码是X`, `密码为 X`, `登录密码（X）`, or
                // `密码 X` with a space.
                let spaced = rest.len() < after.len();
                let marked = rest.strip_prefix([':', '：', '=', '是', '为', '（', '(']);
                let Some(rest) = marked.or(spaced.then_some(rest)) else {
                    return false;
                };
                let value = rest.split_whitespace().next().unwrap_or("");
                let value = value.trim_end_matches(['。', '，', ',', '；', ';', '）', ')']);
                // A share's 提取码 (and `?pwd=`) is four characters; a password six or
                // more. After a bare space, no standard's number (`商用密码 GM/T0054-2018`).
                let shortest = if matches!(*word, "提取码" | "pwd") {
                    4
                } else {
                    6
                };
                (shortest..=64).contains(&value.len())
                    && value.is_ascii()
                    && value.chars().any(|c| c.is_ascii_digit())
                    && !value.contains("://")
                    && (marked.is_some() || !value.contains('/'))
            })
        })
    })
}

/// Whether `text` holds a URL with a password in it (`mysql://root:hunter2@10.0.0.1`).
fn has_credentials_in_url(text: &[u8]) -> bool {
    memchr::memmem::find_iter(text, b"://").any(|at| {
        let rest = &text[at + 3..];
        let end = rest
            .iter()
            .position(|&b| b == b'/' || b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let authority = &rest[..end];
        authority
            .iter()
            .position(|&b| b == b'@')
            .is_some_and(|at| authority[..at].contains(&b':'))
    })
}

/// Whether a line of `lower` (lower-cased) sets a password: `password=…`,
/// `export DB_PASSWORD=…`, `pwd: …`.
pub(super) fn says_password(lower: &[u8]) -> bool {
    String::from_utf8_lossy(lower).lines().any(|line| {
        let line = line.trim().trim_start_matches(['{', ',']).trim_start();
        let line = line.trim_start_matches("export ").trim_start();
        line.split_once(['=', ':', '：'])
            .is_some_and(|(key, value)| {
                let key = key.trim().trim_matches(['"', '\'']);
                let named = ["password", "passwd", "pwd", "pass", "密码"]
                    .iter()
                    .any(|word| key == *word || key.ends_with(&format!("_{word}")));
                named && !value.trim().is_empty()
            })
    })
}
