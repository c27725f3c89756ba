import type { ModelInfo, ProjectInfo } from "../../../src-preload/api";
import { useLoupe } from "../../store/index";

/** The model's classes against the project's: mapped by name where they match, by hand otherwise. */
export function ClassMapping({ model, project }: { model: ModelInfo; project: ProjectInfo }) {
  const setClassMap = useLoupe((s) => s.setClassMap);
  return (
    <details open={model.unmatchedModelClasses.length > 0 && model.unmatchedModelClasses.length <= 20}>
      <summary>
        The model's classes differ from the project's: {model.classMapping.filter((c) => c.classId !== null).length} mapped, {model.unmatchedModelClasses.length} not mapped
      </summary>
      <table className="table mapping" aria-label={`Class mapping of ${model.name}`}>
        <tbody>
          {model.classMapping.map((c) => (
            <tr key={c.modelIndex}>
              <td>{c.modelName}</td>
              <td>
                <select
                  value={c.classId ?? ""}
                  onChange={(e) => void setClassMap(model, c.modelIndex, e.target.value === "" ? null : Number(e.target.value))}
                  aria-label={`Project class for ${c.modelName}`}
                >
                  <option value="">(not mapped)</option>
                  {project.classes.map((k) => (
                    <option key={k.id} value={k.id}>
                      {k.name}
                    </option>
                  ))}
                </select>
              </td>
              <td className="muted">{c.how ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
