// Small pieces every page uses: a labelled field with its help and error, an error line.
import type { ComponentChildren } from 'preact';

export function Field(props: { id: string; label: string; help?: string; error?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.help && <p class="help" id={`${props.id}-help`}>{props.help}</p>}
      {props.error && <p class="error" role="alert">{props.error}</p>}
    </div>
  );
}

export function ErrorText({ text }: { text: string }) {
  return text ? <p class="error" role="alert">{text}</p> : null;
}

/** A block number as a local date and time, given the best block and the block time. */
export function blockTime(block: number, best: number, millis: number): string {
  return new Date(Date.now() - (best - block) * millis).toLocaleString(document.documentElement.lang);
}
