import type Konva from "konva";
import { memo, useEffect, useRef } from "react";
import { Image as KImage, Layer } from "react-konva";

export interface ImageLayerProps {
  image: HTMLImageElement | null;
  /** Image size in image pixels. */
  width: number;
  height: number;
  /** CSS filter factors, 1 = unchanged. */
  brightness: number;
  contrast: number;
  /** Crisp pixels when zoomed in (small objects), smooth when zoomed out. */
  smooth: boolean;
  /** The image pre-scaled to the fitted size; drawn instead of the full image while the view is not zoomed past it. */
  preview?: ImageBitmap | null;
  /** Current view scale (CSS px per image px). */
  scale: number;
}

/**
 * The image, never listening. Brightness and contrast are a CSS filter on this layer's own canvas: the GPU
 * applies them without re-caching a large bitmap, and the boxes in the other layers keep their true colours.
 */
export const ImageLayer = memo(function ImageLayer({ image, width, height, brightness, contrast, smooth, preview, scale }: ImageLayerProps) {
  const ref = useRef<Konva.Layer>(null);
  useEffect(() => {
    const canvas = ref.current?.getNativeCanvasElement();
    if (canvas) canvas.style.filter = brightness === 1 && contrast === 1 ? "" : `brightness(${brightness}) contrast(${contrast})`;
  }, [brightness, contrast]);
  // The preview is good while one of its pixels covers at least one screen pixel (5% slack for rounding).
  const usePreview = preview && scale <= (preview.width / width) * 1.05;
  const source = usePreview ? preview : image;
  return (
    <Layer ref={ref} listening={false} imageSmoothingEnabled={smooth}>
      {source && <KImage image={source} x={0} y={0} width={width} height={height} perfectDrawEnabled={false} listening={false} />}
    </Layer>
  );
});
