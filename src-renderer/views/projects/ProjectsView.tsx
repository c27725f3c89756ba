import { PathInput } from "../../components/PathInput";
import { useEffect, useState, type FormEvent } from "react";
import { useLoupe } from "../../store/index";

/** The start screen: create a project, or open a recent one or any `.loupe` folder. */
export function ProjectsView() {
  const recent = useLoupe((s) => s.recent);
  const defaultDir = useLoupe((s) => s.defaultProjectsDir);
  const error = useLoupe((s) => s.projectError);
  const busy = useLoupe((s) => s.projectBusy);
  const createProject = useLoupe((s) => s.createProject);
  const openProject = useLoupe((s) => s.openProject);
  const [name, setName] = useState("");
  const [parentDir, setParentDir] = useState("");
  const [classes, setClasses] = useState("");
  const [openPath, setOpenPath] = useState("");

  useEffect(() => {
    if (!parentDir && defaultDir) setParentDir(defaultDir);
  }, [defaultDir, parentDir]);

  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    const list = classes.split(",").map((c) => c.trim()).filter(Boolean);
    void createProject(parentDir.trim(), name.trim(), list);
  };
  const onOpen = (e: FormEvent) => {
    e.preventDefault();
    void openProject(openPath.trim());
  };

  return (
    <main className="projects">
      <header className="projects-header">
        <h1>Loupe</h1>
        <p>Find the images your detector gets wrong, fix them, retrain — offline.</p>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="projects-columns">
        <section className="card" aria-labelledby="new-project">
          <h2 id="new-project">New project</h2>
          <form onSubmit={onCreate} className="form">
            <label>
              Name
              <input name="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="weeds-2026" required />
            </label>
            <label>
              Folder
              <PathInput kind="folder" title="Create the project in" name="parentDir" value={parentDir} onChange={setParentDir} required />
            </label>
            <label>
              Classes <span className="hint">(comma-separated, optional)</span>
              <input name="classes" value={classes} onChange={(e) => setClasses(e.target.value)} placeholder="crop, weed" />
            </label>
            <button type="submit" disabled={busy || !name.trim() || !parentDir.trim()}>
              Create project
            </button>
          </form>
          <form onSubmit={onOpen} className="form open-form">
            <label>
              Open a project folder
              <PathInput kind="folder" title="Open a project folder" name="openPath" value={openPath} onChange={setOpenPath} placeholder="/path/to/name.loupe" />
            </label>
            <button type="submit" disabled={busy || !openPath.trim()}>
              Open
            </button>
          </form>
        </section>
        <section className="card" aria-labelledby="recent-projects">
          <h2 id="recent-projects">Recent projects</h2>
          {recent.length === 0 ? (
            <p className="muted">No projects yet.</p>
          ) : (
            <ul className="recent-list" aria-label="Recent projects">
              {recent.map((r) => (
                <li key={r.path}>
                  <button type="button" className="link" disabled={!r.exists || busy} onClick={() => void openProject(r.path)}>
                    <span className="recent-name">{r.name}</span>
                    <span className="recent-path">{r.path}</span>
                    {!r.exists && <span className="badge warn">missing</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </main>
  );
}
