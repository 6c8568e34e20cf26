//! Documents in other languages and odd input: the language-specific rules skip what they do
//! not support, and no rule panics.

use mtlint::rules::{find, RULES};
use mtlint::Linter;

const GERMAN: &str = "Die Bundesregierung hat am Freitag angekündigt, dass die Gespräche mit \
der Ukraine in der nächsten Woche in Kiew fortgesetzt werden. Der Außenminister sagte, man \
sei zuversichtlich, dass eine Einigung bald möglich sei. Präsident Selenskyj dankte den \
Verbündeten für ihre Unterstützung, und Selenskij kündigte weitere Reformen an.";

#[test]
fn german_document_gets_only_language_independent_rules() {
    let report = Linter::new().check(GERMAN).unwrap();
    assert_eq!(report.language.code, "de");
    assert!(report.language.reliable);
    for code in &report.rules_run {
        let meta = find(code).unwrap().meta();
        assert!(
            meta.languages.is_empty() || meta.languages.contains(&"de"),
            "{code} ran on a German document"
        );
    }
    for code in ["MT501", "MT502", "MT503"] {
        assert!(report.rules_skipped.contains(&code), "{code} not skipped");
    }
    assert_eq!(
        report.rules_run.len() + report.rules_skipped.len(),
        RULES.len()
    );
    // "Kiew", "Selenskyj"/"Selenskij" and the whole German text would all be findings in an
    // English document.
    assert!(report
        .findings
        .iter()
        .all(|f| f.rule.languages.is_empty() || f.rule.languages.contains(&"de")));
}

#[test]
fn english_document_runs_the_english_rules() {
    let text = "The talks in Kyiv ended on Friday, and officials in Kiev said that the next \
round would follow within a week or two. Prime Minister Denys Shmyhal said the deal was close, \
and Shmygal added that the text was final and would be signed by both sides soon. The \
statement ended with a German line: Die Verhandlungen werden in der nächsten Woche \
fortgesetzt. Nobody in the room was able to explain why it had been left in the original.";
    let report = Linter::new().check(text).unwrap();
    assert_eq!(report.language.code, "en", "{:?}", report.language);
    for code in ["MT501", "MT502", "MT503"] {
        assert!(report.rules_run.contains(&code), "{code} did not run");
        assert!(
            report.findings.iter().any(|f| f.rule.code == code),
            "{code} found nothing"
        );
    }
}

#[test]
fn name_and_language_rules_survive_odd_input() {
    let long_name = "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let cases = [
        String::new(),
        " \n\t ".into(),
        "\u{200b}\u{feff}".into(),
        "Zelenskyy\u{301} Zelensky\u{301}y Zelenskyy".into(),
        "ǅemal ǅemal Džemal Dzemal".into(),
        "İstanbul Istanbul İSTANBUL ıstanbul".into(),
        "Ｆｕｌｌｗｉｄｔｈ Ｆｕｌｌｗｉｄｔｈ ﬁnance ﬁnances".into(),
        format!("He met {long_name} and {long_name}b and {long_name}c."),
        "ßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßß Ssssss ßßßß".into(),
        "Кiев Kиев Kiev Kyiv «Київ» (Київ) „Kiew“".into(),
        "漢字かな交じり文 テスト テスト テスト。한국어 문장입니다 정말로".into(),
        "Die die die die die die: der der der der der und und und".into(),
        "((((((((((\"\"\"\"\"\"“““““ ::::: ———".into(),
        "A. B. C. D. E. Mr. Mrs. U.S. U.K. Sgt. Lt.".into(),
        "مرحبا بكم في هذا المقال الطويل جدا عن السياسة".into(),
        "Sverrigenko. Svyrydenko? Sverrigenko! Svyrydenko's Sverrigenko’s".into(),
    ];
    let linter = Linter::new().with_language("en");
    for text in &cases {
        let report = linter.check(text).unwrap();
        for f in &report.findings {
            // Spans and related spans lie on character boundaries inside the text.
            for span in std::iter::once(f.span).chain(f.related.iter().copied()) {
                assert!(span.end as usize <= text.len());
                assert!(text.is_char_boundary(span.start as usize));
                assert!(text.is_char_boundary(span.end as usize));
            }
        }
    }
}
