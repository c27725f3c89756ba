/**
 * Media URLs for views (images and error crops by id, through the media protocol). Views never import the API
 * client; this is the one piece of it they need directly, and it performs no request by itself.
 */
export { cropUrl, imageUrl, thumbUrl } from "../api/client";
