/** Commerce data shared by several strategy kinds (the catalog). */
package dev.merchantry.api.data;
