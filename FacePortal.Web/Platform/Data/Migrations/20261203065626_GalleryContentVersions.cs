using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FacePortal.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class GalleryContentVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ContentVersion",
                table: "Galleries",
                type: "INTEGER",
                nullable: false,
                // Existing galleries start at 1, as new ones do (Gallery.ContentVersion's initial value).
                defaultValue: 1L);

            migrationBuilder.CreateTable(
                name: "GalleryModelVersions",
                columns: table => new
                {
                    GalleryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GalleryModelVersions", x => new { x.GalleryId, x.Model });
                    table.ForeignKey(
                        name: "FK_GalleryModelVersions_Galleries_GalleryId",
                        column: x => x.GalleryId,
                        principalTable: "Galleries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GalleryModelVersions");

            migrationBuilder.DropColumn(
                name: "ContentVersion",
                table: "Galleries");
        }
    }
}
