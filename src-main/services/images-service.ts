import { LoupeError } from "../errors";
import { getImage, listImages, listLabelBoxes, setImageSplit } from "../store/repos/images-repo";
import { predictionReader } from "../inference/predictions";
import { listLabelsForImage } from "../store/repos/labels-repo";
import type { AreaService, ServiceContext } from "./context";

export const DEFAULT_PAGE_SIZE = 100;

export function createImagesService(ctx: ServiceContext): AreaService<"images"> {
  return {
    list: (req) => {
      const db = ctx.sessions.require().db;
      const offset = req.offset ?? 0;
      const limit = req.limit ?? DEFAULT_PAGE_SIZE;
      if ((req.minScore !== undefined || req.maxScore !== undefined) && req.modelId === undefined) {
        throw new LoupeError("E_VALIDATION", "images.list: minScore and maxScore filter a model's predictions; give modelId too");
      }
      const { offset: _o, limit: _l, ...filter } = req;
      const page = listImages(db, filter, offset, limit);
      return { ...page, offset, limit };
    },
    get: (req) => {
      const db = ctx.sessions.require().db;
      const image = getImage(db, req.imageId);
      if (!image) throw new LoupeError("E_NOT_FOUND", `no image with id ${req.imageId}`);
      return { image, labels: listLabelsForImage(db, image.id) };
    },
    boxes: (req) => {
      const session = ctx.sessions.require();
      const labels = listLabelBoxes(session.db, req.imageIds);
      const read = req.modelId === undefined ? null : predictionReader(session.db, req.modelId); // refuses an unknown model
      return req.imageIds.map((imageId) => ({
        imageId,
        labels: labels.get(imageId) ?? [],
        predictions: read ? read(imageId, req.minScore ?? 0).map((p) => ({ classId: p.classId, className: p.className, score: p.score, box: p.box })) : [],
      }));
    },
    setSplit: (req) => {
      const db = ctx.sessions.require().db;
      const changed = db.transaction(() => {
        for (const id of req.imageIds) if (!getImage(db, id)) throw new LoupeError("E_NOT_FOUND", `no image with id ${id}`);
        return setImageSplit(db, req.imageIds, req.split, ctx.clock.now());
      })();
      return { changed };
    },
  };
}
