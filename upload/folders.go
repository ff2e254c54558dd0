package upload

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"boxuploader/upload/boxapi"
)

// itemFields are the fields asked for when listing a folder: what the Box
// browser shows and what matching by name compares, nothing more.
const itemFields = "type,id,name,size,sha1,etag,modified_at,modified_by,file_version,lock,permissions"

// listLimit is the most items Box sends in one page of a folder.
const listLimit = 1000

// ListFolder calls page with each page of the items of folder id (0 is All
// Files), in Box's order, following Box's marker paging 1,000 items at a
// time: a folder of any size costs a few calls and bounded memory per page.
// It stops at the first error page returns.
func (c *Client) ListFolder(ctx context.Context, id string, page func([]boxapi.Item) error) error {
	op := "list folder " + id
	q := url.Values{"fields": {itemFields}, "limit": {strconv.Itoa(listLimit)}, "usemarker": {"true"}}
	for {
		var items boxapi.Items
		u := fmt.Sprintf("%s/folders/%s/items?%s", c.apiURL(), url.PathEscape(id), q.Encode())
		if err := c.getJSON(ctx, op, u, &items); err != nil {
			return err
		}
		if err := page(items.Entries); err != nil {
			return err
		}
		if items.NextMarker == "" {
			return nil
		}
		q.Set("marker", items.NextMarker)
	}
}

// FolderItems returns every item of folder id (see ListFolder).
func (c *Client) FolderItems(ctx context.Context, id string) ([]boxapi.Item, error) {
	var all []boxapi.Item
	err := c.ListFolder(ctx, id, func(items []boxapi.Item) error {
		all = append(all, items...)
		return nil
	})
	return all, err
}

// FolderInfo reads folder id with the folders above it (for breadcrumbs)
// and whether the person may upload into it.
func (c *Client) FolderInfo(ctx context.Context, id string) (*boxapi.Folder, error) {
	var f boxapi.Folder
	u := fmt.Sprintf("%s/folders/%s?fields=id,type,name,etag,path_collection,permissions", c.apiURL(), url.PathEscape(id))
	if err := c.getJSON(ctx, "get folder "+id, u, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// CreateFolder creates the folder name inside parentID.
func (c *Client) CreateFolder(ctx context.Context, parentID, name string) (*boxapi.Folder, error) {
	var f boxapi.Folder
	req := boxapi.CreateFolderRequest{Name: name, Parent: boxapi.Ref{ID: parentID}}
	if _, err := c.sendJSON(ctx, call{op: "create folder " + name, method: http.MethodPost, url: c.apiURL() + "/folders"}, req, &f); err != nil {
		return nil, err
	}
	return &f, nil
}
