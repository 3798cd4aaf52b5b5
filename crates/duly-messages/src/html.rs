//! The HTML part of a message, made from its plain text.

use duly_core::Language;

/// Escapes the text and keeps its shape: blank lines separate paragraphs, single line breaks
/// stay line breaks, and a paragraph whose every line starts with "- " becomes a list. Nothing
/// in the text can turn into markup, whoever wrote it.
pub fn from_text(subject: &str, text: &str, language: Language) -> String {
    let mut body = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let lines: Vec<&str> = para.lines().collect();
        if lines.iter().all(|l| l.starts_with("- ")) {
            body.push_str("<ul>\n");
            for l in &lines {
                body.push_str(&format!("<li>{}</li>\n", escape(&l[2..])));
            }
            body.push_str("</ul>\n");
        } else {
            let inner: Vec<String> = lines.iter().map(|l| escape(l)).collect();
            body.push_str(&format!("<p>{}</p>\n", inner.join("<br>\n")));
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n</head>\n\
         <body style=\"font-family: sans-serif; font-size: 15px; line-height: 1.5; color: #222222;\">\n{body}</body>\n</html>\n",
        lang = language.code(),
        title = escape(subject),
    )
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_never_becomes_markup() {
        let html =
            from_text("<b>", "Hi <script>alert(1)</script> & \"you\"\nline two\n\n- a\n- <i>b</i>", Language::Ro);
        assert!(html.contains("<title>&lt;b&gt;</title>"));
        assert!(html.contains("<p>Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;you&quot;<br>\nline two</p>"));
        assert!(html.contains("<ul>\n<li>a</li>\n<li>&lt;i&gt;b&lt;/i&gt;</li>\n</ul>"));
        assert!(html.contains("<html lang=\"ro\">"));
        assert!(!html.contains("<script>"));
    }
}
