import { invalidArgument, POSTS, type Post } from '@jinku/kernel';

export function isPost(value: string): value is Post {
  return (POSTS as readonly string[]).includes(value);
}

/**
 * Checks posts (岗位) given from outside (a request, a seed file) against the posts of SPEC §11.
 * Repeats collapse to one; the result keeps the order of first appearance.
 */
export function validatePosts(posts: readonly string[]): Post[] {
  const unknown = posts.find((post) => !isPost(post));
  if (unknown !== undefined) {
    throw invalidArgument('UNKNOWN_POST', `"${unknown}" is not a post; posts are ${POSTS.join(', ')}`, { post: unknown });
  }
  return [...new Set(posts as readonly Post[])];
}

/** Posts in the canonical order of POSTS, so an actor's posts read the same whatever the storage order. */
export function sortPosts(posts: readonly Post[]): Post[] {
  return [...posts].sort((a, b) => POSTS.indexOf(a) - POSTS.indexOf(b));
}
