import { useState } from "react";
import type { ModelInfo } from "../../../src-preload/api";
import { useLoupe } from "../../store/index";

/** Promote by hand, after a confirmation that says what it changes. */
export function PromoteButton({ model }: { model: ModelInfo }) {
  const [asking, setAsking] = useState(false);
  const current = useLoupe((s) => s.modelList.find((m) => m.isBest) ?? null);
  if (model.isBest) return null;
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        Promote…
      </button>
    );
  }
  return (
    <div className="confirm" role="alertdialog" aria-label={`Promote ${model.name}`}>
      <p>
        Make <strong>{model.name}</strong> the best model{current ? ` instead of ${current.name}` : ""}? The loop's next iteration predicts with it and every
        candidate is compared against it.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void useLoupe.getState().promoteModel(model.id).then(() => setAsking(false))}>
          Promote
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
