/**
 * The gateway's version (equal to package.json's, checked by a test), its name (the `app_name` label
 * of every metric) and its Opencity `app_id` (`name:version`, opencity.md §7.2).
 * @module
 */
export const VERSION = '0.1.0'
export const APP_NAME = 'varco'
export const APP_ID = `${APP_NAME}:${VERSION}`
