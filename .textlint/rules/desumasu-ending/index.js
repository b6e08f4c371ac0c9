"use strict";
// The guideline is written in です・ます調. no-mix-dearu-desumasu only knows である/だ, so a
// sentence ending in a plain verb (…返信する。) or a plain past (…対応した。) passed unnoticed.
// Quoted voices that must stay as said are fenced with <!-- textlint-disable --> comments.

const POLITE = /(です|ます|ません|ました|でした|ください|ましょう|でしょう|ですか|ますか|ませんか)$/;
const PLAIN = /([うくぐすつぬぶむる]|[たい]|だ|である|だろう|ない)$/;
const TRAILING_NOTE = /[（(][^（）()]*[）)]$/;

function sentenceEnd(text) {
  let end = text.trim();
  while (TRAILING_NOTE.test(end)) {
    end = end.replace(TRAILING_NOTE, "").trim();
  }
  return end;
}

function strings(node, found) {
  if (node.type === "Str") {
    found.push(node);
  } else if (node.children && node.type !== "Code" && node.type !== "Html") {
    node.children.forEach((child) => strings(child, found));
  }
  return found;
}

module.exports = function reporter(context) {
  const { Syntax, RuleError, report, locator } = context;
  return {
    [Syntax.Paragraph](node) {
      let before = "";
      for (const str of strings(node, [])) {
        const text = str.value;
        for (let index = text.indexOf("。"); index !== -1; index = text.indexOf("。", index + 1)) {
          const sentence = sentenceEnd(before + text.slice(0, index));
          before = "";
          if (!POLITE.test(sentence) && PLAIN.test(sentence)) {
            report(str, new RuleError("文末を「です・ます」にしてください（常体の文末です）",
              { padding: locator.at(index) }));
          }
        }
        const last = text.lastIndexOf("。");
        before += last === -1 ? text : text.slice(last + 1);
      }
    },
  };
};
