import { useState } from "react";
import { useLoupe } from "../../store/index";

/** Asked once, before the first review: who is annotating (recorded on every edit and task). */
export function NamePrompt() {
  const setAnnotatorName = useLoupe((s) => s.setAnnotatorName);
  const [name, setName] = useState("");
  return (
    <div className="modal-backdrop">
      <form
        className="modal card form"
        role="dialog"
        aria-modal="true"
        aria-label="Your name"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void setAnnotatorName(name.trim());
        }}
      >
        <h2>Who is annotating?</h2>
        <p className="muted">Your name goes with every box you draw, accept or reject, and with every task you finish or approve. You can change it in Settings.</p>
        <label>
          Your name
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} aria-label="Your name" maxLength={200} />
        </label>
        <div className="actions">
          <button type="submit" disabled={!name.trim()}>
            Start reviewing
          </button>
        </div>
      </form>
    </div>
  );
}
