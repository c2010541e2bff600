/**
 * The business's FAQ in the settings form: questions customers ask and the answers the bot texts
 * back (it answers with the entry whose question shares the most words with the customer's). Entries
 * are added, edited and removed here and saved with the rest of the form; an empty entry is left out.
 */
import { useEffect, useState } from "preact/hooks";
import { Field } from "../Field";
import { TextAreaField } from "./Controls";

export const FAQ_MAX_ENTRIES = 50;
export const FAQ_QUESTION_MAX = 200;
export const FAQ_ANSWER_MAX = 600;

/** An entry as edited: `key` keeps each entry's fields (and errors) with it when another is removed. */
export interface FaqRow {
  key: number;
  question: string;
  answer: string;
}

let lastKey = 0;

export function faqRow(entry: { question: string; answer: string } = { question: "", answer: "" }): FaqRow {
  return { key: ++lastKey, question: entry.question, answer: entry.answer };
}

/** An entry with nothing written in it: not sent. */
export function isBlank(row: FaqRow): boolean {
  return row.question.trim() === "" && row.answer.trim() === "";
}

/** `errors` are keyed `faq.<key>.question`, `faq.<key>.answer`, and `faq` for the list. */
export function FaqEditor(props: { rows: FaqRow[]; errors: Record<string, string | undefined>; onChange: (rows: FaqRow[]) => void }) {
  const { rows } = props;
  /** The element to focus once the list has changed (the new entry's question, or what follows a removed one). */
  const [focusId, setFocusId] = useState<string>();

  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(undefined);
  }, [focusId, rows]);

  const edit = (key: number, change: Partial<FaqRow>) => props.onChange(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));

  function add() {
    const row = faqRow();
    props.onChange([...rows, row]);
    setFocusId(`faq-${row.key}-question`);
  }

  function remove(index: number) {
    const next = rows[index + 1];
    props.onChange(rows.filter((_, i) => i !== index));
    setFocusId(next ? `faq-${next.key}-question` : "faq-add");
  }

  const full = rows.length >= FAQ_MAX_ENTRIES;
  return (
    <fieldset aria-describedby={["faq-hint", props.errors.faq && "faq-error"].filter(Boolean).join(" ")}>
      <legend>Questions customers ask</legend>
      <p id="faq-hint" class="hint">
        When a customer asks something by text, the bot answers with the entry whose question shares the most words with theirs (and offers to book). A question it cannot match goes to Notifications. Up to {FAQ_MAX_ENTRIES} entries.
      </p>
      {rows.length === 0 ? (
        <p class="empty-note">No questions yet.</p>
      ) : (
        <ol class="faq-list">
          {rows.map((row, i) => (
            <li key={row.key} class="faq-entry">
              <Field
                id={`faq-${row.key}-question`}
                label={`Question ${i + 1}`}
                value={row.question}
                maxLength={FAQ_QUESTION_MAX}
                autocomplete="off"
                error={props.errors[`faq.${row.key}.question`]}
                onInput={(e) => edit(row.key, { question: e.currentTarget.value })}
              />
              <TextAreaField
                id={`faq-${row.key}-answer`}
                label={`Answer ${i + 1}`}
                hint={`Texted as written, up to ${FAQ_ANSWER_MAX} characters.`}
                value={row.answer}
                maxLength={FAQ_ANSWER_MAX}
                error={props.errors[`faq.${row.key}.answer`]}
                onInput={(answer) => edit(row.key, { answer })}
              />
              <button type="button" class="danger" onClick={() => remove(i)}>
                Remove<span class="visually-hidden"> question {i + 1}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {props.errors.faq && <p id="faq-error" class="field-error">{props.errors.faq}</p>}
      <button type="button" id="faq-add" class="faq-add" disabled={full} onClick={add}>Add a question</button>
      {full && <p class="hint">The list is full: remove an entry to add another.</p>}
    </fieldset>
  );
}
